// Nova's API status is derived from vm_state and task_state, never stored, so it
// cannot drift. Mirrors the mapping in nova/api/openstack/common.py for the
// states homenova has so far.
import type { Server } from '../store/schema.js'

/** The status an operator sees (BUILD, ACTIVE, SHUTOFF, ERROR, DELETED). */
export function serverStatus(server: Pick<Server, 'vmState' | 'taskState'>): string {
  switch (server.vmState) {
    case 'building':
      return 'BUILD'
    case 'active':
      return 'ACTIVE'
    case 'stopped':
      return 'SHUTOFF'
    case 'error':
      return 'ERROR'
    case 'deleted':
      return 'DELETED'
  }
}

const POWER_STATE_NAMES: Record<number, string> = {
  0: 'NOSTATE',
  1: 'Running',
  3: 'Paused',
  4: 'Shutdown',
  6: 'Crashed',
  7: 'Suspended',
}

/** Nova's display name for a power_state number. */
export function powerStateName(powerState: number): string {
  return POWER_STATE_NAMES[powerState] ?? `Unknown(${powerState})`
}
