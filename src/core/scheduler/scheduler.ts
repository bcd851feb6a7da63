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

/** Places every instance of the request, or none. */
export function schedule(state: State, spec: RequestSpec, config: SchedulerConfig, random: () => number = Math.random): ScheduleResult {
  const all = hostStates(state)
  const filters = enabledFilters(config)
  const weighers = enabledWeighers(config)
  const verdicts: HostVerdict[] = all.map((hs) => ({ host: hs.host.name, passed: true, weights: {}, total: 0 }))
  const selections: Selection[] = []
  // A copy: later instances of this request join the group as they are placed.
  const group = spec.group ? { ...spec.group, hosts: [...spec.group.hosts], memberIds: [...spec.group.memberIds] } : undefined
  const request = { ...spec, group }

  for (let i = 0; i < spec.numInstances; i++) {
    const explain = i === 0
    const rejected = new Map<string, string[]>()
    const passing: HostState[] = []
    const passingIdx: number[] = []
    for (let h = 0; h < all.length; h++) {
      const hs = all[h]
      let by: string | undefined
      let reason: string | null = null
      if (spec.ignoreHostIds.includes(hs.host.id)) [by, reason] = [RETRY, 'a build of this server already failed here']
      else if (spec.forcedHost !== undefined && hs.host.name !== spec.forcedHost) [by, reason] = [FORCED, `the request forces host ${spec.forcedHost}`]
      else if ((reason = placementReject(hs, request)) !== null) by = PLACEMENT
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
        const list = rejected.get(by) ?? []
        list.push(`${hs.host.name}: ${reason}`)
        rejected.set(by, list)
        if (explain) Object.assign(verdicts[h], { passed: false, rejected_by: by, reason })
      } else {
        passing.push(hs)
        passingIdx.push(h)
      }
    }
    if (passing.length === 0) {
      const which = spec.numInstances > 1 ? `instance ${i + 1} of ${spec.numInstances}: ` : ''
      return { selections: [], verdicts, failure: which + explainFailure(rejected, all.length) }
    }

    const totals = new Float64Array(passing.length)
    // Nova does not weigh a single host: every weight stays 0.
    for (const w of passing.length > 1 ? weighers : []) {
      const raw = passing.map((hs) => w.weigh(hs, request, config))
      const norm = normalize(raw, w.minval, w.maxval)
      for (let k = 0; k < passing.length; k++) {
        const value = norm[k] * w.multiplier(config, passing[k])
        totals[k] += value
        if (explain) verdicts[passingIdx[k]].weights[w.name] = value
      }
    }
    const order = passing.map((_, k) => k).sort((a, b) => totals[b] - totals[a])
    if (explain) order.forEach((k) => (verdicts[passingIdx[k]].total = totals[k]))
    // Nova's host_subset_size: a random pick among the best N spreads racing schedulers.
    const subset = Math.max(1, Math.min(config.host_subset_size, order.length))
    const pickAt = Math.floor(random() * subset)
    const chosen = passing[order[pickAt]]
    const alternates = order.filter((_, j) => j !== pickAt).slice(0, Math.max(0, config.max_attempts - 1)).map((k) => passing[k])
    selections.push({ host: chosen, alternates })
    const placed = { id: `pending-${i}`, name: `pending-${i}`, projectId: spec.projectId, imageId: spec.image.id, flavorId: spec.flavor.id }
    consume(chosen, spec.resources, placed)
    // Later instances of the same request see this one in its group (Nova appends the host and the member).
    if (group) {
      group.hosts.push(chosen.host.name)
      group.memberIds.push(placed.id)
    }
  }
  return { selections, verdicts }
}
