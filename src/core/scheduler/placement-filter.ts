// The part of scheduling Nova hands to Placement (GET /allocation_candidates):
// a host is a candidate only if every requested resource fits its inventory
// (capacity, min_unit, max_unit, step_size) and it has every required trait and
// no forbidden one. The filters then run over the candidates only.
import { shortfalls } from '../model/placement.js'
import type { HostState } from './host-state.js'
import type { RequestSpec } from './request.js'

const UNITS = { VCPU: 'vCPU', MEMORY_MB: 'MB RAM', DISK_GB: 'GB disk' } as const

/** Why Placement would not offer this host for the request, or null. */
export function placementReject(hs: HostState, spec: RequestSpec): string | null {
  const short = shortfalls(hs.host, hs.used, spec.resources)
  if (short.length > 0) {
    return short
      .map((s) => {
        const need = `needs ${s.wanted} ${UNITS[s.rc]}`
        if (s.kind === 'capacity') return `${need}, ${Math.max(s.free, 0)} free`
        if (s.kind === 'max_unit') return `${need}, more than one server may take (max_unit ${s.inventory.maxUnit})`
        if (s.kind === 'min_unit') return `${need}, less than one server must take (min_unit ${s.inventory.minUnit})`
        return `${need}, not a multiple of step_size ${s.inventory.stepSize}`
      })
      .join('; ')
  }
  const traits = hs.host.traits
  const missing = spec.requiredTraits.filter((t) => !traits.includes(t))
  if (missing.length > 0) return `lacks required trait${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
  const forbidden = spec.forbiddenTraits.filter((t) => traits.includes(t))
  if (forbidden.length > 0) return `has forbidden trait${forbidden.length > 1 ? 's' : ''} ${forbidden.join(', ')}`
  return null
}
