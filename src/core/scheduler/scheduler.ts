// Picks a host for a request and explains every verdict. Runs inside the store
// transaction that writes the claim, so two racing builds can never overbook.
import { defaultFilters, type HostFilter } from './filters.js'
import { hostStates, type HostState } from './host-state.js'
import type { RequestSpec } from './request.js'
import { defaultWeighers, normalize, type HostWeigher } from './weighers.js'
import type { State } from '../store/schema.js'

/** What happened to one host. */
export interface HostVerdict {
  host: string
  passed: boolean
  rejectedBy?: string
  reason?: string
  weights: Record<string, number>
  total: number
}

/** The scheduler's answer: the chosen host (if any) and why. */
export interface ScheduleResult {
  chosen?: HostState
  verdicts: HostVerdict[]
}

/** Filters and weighs every host for one request. */
export function schedule(state: State, request: RequestSpec, filters: HostFilter[] = defaultFilters, weighers: HostWeigher[] = defaultWeighers): ScheduleResult {
  const verdicts: HostVerdict[] = []
  const passed: HostState[] = []
  for (const hs of hostStates(state)) {
    const verdict: HostVerdict = { host: hs.host.name, passed: true, weights: {}, total: 0 }
    for (const filter of filters) {
      const reason = filter.reject(hs, request)
      if (reason !== null) {
        Object.assign(verdict, { passed: false, rejectedBy: filter.name, reason })
        break
      }
    }
    verdicts.push(verdict)
    if (verdict.passed) passed.push(hs)
  }
  const totals = passed.map(() => 0)
  for (const weigher of weighers) {
    normalize(passed.map((hs) => weigher.raw(hs))).forEach((w, i) => {
      const weighted = w * weigher.multiplier
      totals[i] += weighted
      verdicts.find((v) => v.host === passed[i].host.name)!.weights[weigher.name] = weighted
    })
  }
  let best = -1
  passed.forEach((hs, i) => {
    verdicts.find((v) => v.host === hs.host.name)!.total = totals[i]
    if (best < 0 || totals[i] > totals[best]) best = i
  })
  return { chosen: best >= 0 ? passed[best] : undefined, verdicts }
}

/** Nova's "No valid host was found" with the reason: how many hosts each filter removed and why. */
export function noValidHostReason(result: ScheduleResult): string {
  if (result.verdicts.length === 0) return 'There are no compute hosts; add one with `homenova host add`.'
  const byFilter = new Map<string, string[]>()
  for (const v of result.verdicts) {
    if (v.passed || !v.rejectedBy) continue
    byFilter.set(v.rejectedBy, [...(byFilter.get(v.rejectedBy) ?? []), `${v.host}: ${v.reason}`])
  }
  const total = result.verdicts.length
  return [...byFilter].map(([name, hosts]) => `${name} removed ${hosts.length} of ${total} hosts (${hosts.join(', ')})`).join('; ')
}
