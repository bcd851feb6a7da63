// Whether a host's compute service is up, as Nova's servicegroup API answers
// it: the last contact succeeded (power-state sync or probe) and the operator
// has not forced it down (`compute service set --down`).
import type { Host } from '../store/schema.js'

/** Nova's service_is_up for a host. */
export function serviceUp(host: Pick<Host, 'status' | 'forcedDown'>): boolean {
  return host.status === 'up' && host.forcedDown !== true
}

/** The state openstack's `compute service list` shows: up or down. */
export function serviceState(host: Pick<Host, 'status' | 'forcedDown'>): 'up' | 'down' {
  return serviceUp(host) ? 'up' : 'down'
}
