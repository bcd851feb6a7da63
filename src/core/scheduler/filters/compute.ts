// Nova's ComputeFilter: the host's compute service is up and enabled.
import { serviceUp } from '../../model/compute-service.js'
import type { HostFilter } from './types.js'

/** ComputeFilter. */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  reject({ host }) {
    if (!serviceUp(host)) return `compute service is down${host.forcedDown ? ' (forced down)' : ''}`
    if (!host.enabled) return `compute service is disabled${host.disabledReason ? ` (${host.disabledReason})` : ''}`
    return null
  },
}
