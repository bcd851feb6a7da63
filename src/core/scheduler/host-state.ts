// A host as the scheduler sees it: the record plus what is used and free,
// computed from the allocations in the same state the claim will write to.
import { capacity, usage } from '../model/placement.js'
import type { Host, Resources, State } from '../store/schema.js'
import { RESOURCE_CLASSES } from '../store/constants.js'

/** One candidate host with its usage. */
export interface HostState {
  host: Host
  used: Resources
  free: Resources
  numInstances: number
}

/** Host states for every host in the store. */
export function hostStates(state: State): HostState[] {
  return state.hosts.map((host) => {
    const used = usage(host.id, state.allocations)
    const free = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }
    for (const rc of RESOURCE_CLASSES) free[rc] = capacity(host.inventory[rc]) - used[rc]
    const numInstances = state.servers.filter((s) => s.host === host.id && s.vmState !== 'deleted').length
    return { host, used, free, numInstances }
  })
}
