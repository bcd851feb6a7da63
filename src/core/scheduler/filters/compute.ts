// Nova's ComputeFilter: the host's compute service is up and enabled.
import type { HostFilter } from './types.js'

/** ComputeFilter. */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  reject({ host }) {
    if (host.status !== 'up') return 'compute service is down'
    if (!host.enabled) return `compute service is disabled${host.disabledReason ? ` (${host.disabledReason})` : ''}`
    return null
  },
}
