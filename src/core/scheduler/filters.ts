// Host filters. A filter returns null to pass a host or a reason to reject it.
// This first set is the minimum a build needs; the full filter scheduler adds
// Nova's other filters here with the same shape.
import { shortfalls } from '../model/placement.js'
import type { HostState } from './host-state.js'
import type { RequestSpec } from './request.js'

/** A named host filter, as in nova.scheduler.filters. */
export interface HostFilter {
  name: string
  reject(host: HostState, request: RequestSpec): string | null
}

/** Nova's ComputeFilter: the compute service is up and enabled. */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  reject({ host }) {
    if (host.status !== 'up') return 'host is down'
    if (!host.enabled) return `host is disabled${host.disabledReason ? ` (${host.disabledReason})` : ''}`
    return null
  },
}

const UNITS = { VCPU: 'vCPU', MEMORY_MB: 'MB RAM', DISK_GB: 'GB disk' } as const

/** The resource check Nova moved into Placement: VCPU, MEMORY_MB, DISK_GB under the allocation ratios. */
export const resourcesFilter: HostFilter = {
  name: 'Placement',
  reject(hs, request) {
    const short = shortfalls(hs.host, hs.used, request.resources)
    if (short.length === 0) return null
    return short
      .map((s) => {
        const need = `needs ${s.wanted} ${UNITS[s.rc]}`
        if (s.kind === 'capacity') return `${need}, ${Math.max(s.free, 0)} free`
        if (s.kind === 'max_unit') return `${need}, more than one server may take (max_unit ${s.inventory.maxUnit})`
        if (s.kind === 'min_unit') return `${need}, less than one server must take (min_unit ${s.inventory.minUnit})`
        return `${need}, not a multiple of step_size ${s.inventory.stepSize}`
      })
      .join('; ')
  },
}

/** The filters in the order they run. */
export const defaultFilters: HostFilter[] = [resourcesFilter, computeFilter]
