// Nova's filter scheduler, explainable: Placement's candidates, then the enabled
// filters in order, then the weighers (normalized to 0..1, times their
// multipliers, summed), then a random pick among the best host_subset_size.
// A multi-instance request is placed in one pass: each pick consumes the
// chosen host's resources before the next instance is placed, as Nova's
// consume_from_request does. The caller runs this inside the store transaction
// that writes the claims, so racing builds can never overbook.
import type { State } from '../store/schema.js'
import { explainFailure } from './explain.js'
import type { SchedulerConfig } from './config.js'
import { FILTERS } from './filters/index.js'
import type { HostFilter } from './filters/types.js'
import { networkFilter } from './filters/network.js'
import { consume, hostStates, type HostState } from './host-state.js'
import { placementReject } from './placement-filter.js'
import type { RequestSpec } from './request.js'
import { normalize } from './weighers/normalize.js'
import { enabledWeighers } from './weighers/index.js'

/** What happened to one host for the first instance of a request. */
export interface HostVerdict {
  host: string
  passed: boolean
  rejected_by?: string
  reason?: string
  weights: Record<string, number>
  total: number
}

/** The hosts chosen for one instance: the pick and its alternates for a reschedule. */
export interface Selection {
  host: HostState
  alternates: HostState[]
}

/** The scheduler's answer. `selections` is empty when the request cannot be placed. */
export interface ScheduleResult {
  selections: Selection[]
  verdicts: HostVerdict[]
  /** Why the request failed: which check removed how many hosts, per instance. */
  failure?: string
}

/** The filters named by `enabled_filters`, in that order. */
export function enabledFilters(config: SchedulerConfig): HostFilter[] {
  return config.enabled_filters.map((name) => {
    const filter = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined
    if (!filter) throw new Error(`Unknown filter ${name} in enabled_filters`)
    return filter
  })
}

const PLACEMENT = 'Placement'
const FORCED = 'ForcedHost'
const RETRY = 'RetryFilter'

/** How to run the scheduler. */
export interface ScheduleOptions {
  /** Record a verdict per host (the dry run needs them; a build does not). Default true. */
  explain?: boolean
  /** Random source for the host_subset_size pick (tests fix it). */
  random?: () => number
}

/** Places every instance of the request, or none. */
export function schedule(state: State, spec: RequestSpec, config: SchedulerConfig, options: ScheduleOptions = {}): ScheduleResult {
  const { explain = true, random = Math.random } = options
  const all = hostStates(state)
  const filters = enabledFilters(config)
  const weighers = enabledWeighers(config)
  const verdicts: HostVerdict[] = explain ? all.map((hs) => ({ host: hs.host.name, passed: true, weights: {}, total: 0 })) : []
  const selections: Selection[] = []
  // A copy: later instances of this request join the group as they are placed.
  const group = spec.group ? { ...spec.group, hosts: [...spec.group.hosts], memberIds: [...spec.group.memberIds] } : undefined
  const request = { ...spec, group }
  const ignored = new Set(spec.ignoreHostIds)
  // Enough of the best hosts for the random pick and the alternates.
  const keep = Math.max(1, config.host_subset_size) + Math.max(0, config.max_attempts - 1)

  for (let i = 0; i < spec.numInstances; i++) {
    const record = explain && i === 0
    const rejected = new Rejections()
    const passing: HostState[] = []
    const passingIdx: number[] = []
    for (let h = 0; h < all.length; h++) {
      const hs = all[h]
      let by: string | undefined
      let reason: string | null = null
      if (ignored.size > 0 && ignored.has(hs.host.id)) [by, reason] = [spec.ignoreReason?.check ?? RETRY, spec.ignoreReason?.reason ?? 'a build of this server already failed here']
      else if (spec.forcedHost !== undefined && hs.host.name !== spec.forcedHost) [by, reason] = [FORCED, `the request forces host ${spec.forcedHost}`]
      else if ((reason = placementReject(hs, request)) !== null) by = PLACEMENT
      else if ((reason = networkFilter.reject(hs, request, config)) !== null) by = networkFilter.name
      else if (spec.forcedHost === undefined) {
        // A forced host skips the filters (Nova), but never the resource claim.
        for (const f of filters) {
          reason = f.reject(hs, request, config)
          if (reason !== null) {
            by = f.name
            break
          }
        }
      }
      if (by !== undefined) {
        rejected.add(by, hs.host.name, reason ?? '')
        if (record) Object.assign(verdicts[h], { passed: false, rejected_by: by, reason })
      } else {
        passing.push(hs)
        passingIdx.push(h)
      }
    }
    if (passing.length === 0) {
      const which = spec.numInstances > 1 ? `instance ${i + 1} of ${spec.numInstances}: ` : ''
      return { selections: [], verdicts, failure: which + explainFailure(rejected.summary(), all.length) }
    }

    const totals = new Float64Array(passing.length)
    // Nova does not weigh a single host: every weight stays 0.
    for (const w of passing.length > 1 ? weighers : []) {
      const raw = new Array<number>(passing.length)
      for (let k = 0; k < passing.length; k++) raw[k] = w.weigh(passing[k], request, config)
      const norm = normalize(raw, w.minval, w.maxval)
      for (let k = 0; k < passing.length; k++) {
        const value = norm[k] * w.multiplier(config, passing[k])
        totals[k] += value
        if (record) verdicts[passingIdx[k]].weights[w.name] = value
      }
    }
    if (record) for (let k = 0; k < passing.length; k++) verdicts[passingIdx[k]].total = totals[k]
    const order = best(totals, keep)
    // Nova's host_subset_size: a random pick among the best N spreads racing schedulers.
    const subset = Math.max(1, Math.min(config.host_subset_size, order.length))
    const pickAt = Math.floor(random() * subset)
    const chosen = passing[order[pickAt]]
    const alternates = order.filter((_, j) => j !== pickAt).slice(0, Math.max(0, config.max_attempts - 1)).map((k) => passing[k])
    selections.push({ host: chosen, alternates })
    const placed = { id: `pending-${i}`, name: `pending-${i}`, projectId: spec.projectId, imageId: spec.image.id }
    consume(chosen, spec.resources, placed)
    // Later instances of the same request see this one in its group (Nova appends the host and the member).
    if (group) {
      group.hosts.push(chosen.host.name)
      group.memberIds.push(placed.id)
    }
  }
  return { selections, verdicts }
}

/** Indices of the `n` largest totals, largest first; ties keep host order (Nova's stable sort). */
function best(totals: Float64Array, n: number): number[] {
  const top: number[] = []
  for (let k = 0; k < totals.length; k++) {
    if (top.length === n && totals[k] <= totals[top[n - 1]]) continue
    let at = top.length
    while (at > 0 && totals[top[at - 1]] < totals[k]) at--
    top.splice(at, 0, k)
    if (top.length > n) top.pop()
  }
  return top
}

const SAMPLES = 5

/** Rejected hosts per check: a count and the first few reasons (a failure message stays readable at 10,000 hosts). */
class Rejections {
  private readonly byCheck = new Map<string, { count: number; samples: string[] }>()

  add(check: string, host: string, reason: string): void {
    let entry = this.byCheck.get(check)
    if (!entry) this.byCheck.set(check, (entry = { count: 0, samples: [] }))
    entry.count++
    if (entry.samples.length < SAMPLES) entry.samples.push(`${host}: ${reason}`)
  }

  summary(): Map<string, { count: number; samples: string[] }> {
    return this.byCheck
  }
}
