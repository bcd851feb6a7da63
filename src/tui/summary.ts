// The header's numbers: the cloud at a glance, from one state.
import { capacity } from '../core/model/placement.js'
import { RESOURCE_CLASSES } from '../core/store/constants.js'
import type { Resources, State } from '../core/store/schema.js'

/** What the header shows. */
export interface CloudSummary {
  hostsUp: number
  hosts: number
  used: Resources
  capacity: Resources
  tasksRunning: number
  tasksQueued: number
  servers: number
  serversInError: number
  /** When the least recently asked host that is up was last asked for its domains (power-state sync). */
  syncedAt: string | null
}

// One summary per state: the header redraws on every key, the state changes far less often.
const cache = new WeakMap<State, CloudSummary>()

/** Totals over every enabled-or-not host that is up (a down host's capacity is not there to use); computed once per state. */
export function cloudSummary(state: State): CloudSummary {
  let summary = cache.get(state)
  if (!summary) cache.set(state, (summary = summarize(state)))
  return summary
}

function summarize(state: State): CloudSummary {
  const zero = (): Resources => ({ VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 })
  const used = zero()
  const cap = zero()
  const up = new Set<string>()
  for (const h of state.hosts) {
    if (h.status !== 'up') continue
    up.add(h.id)
    for (const rc of RESOURCE_CLASSES) cap[rc] += capacity(h.inventory[rc])
  }
  // One pass over the allocations (placement's usage() per host would make one per host: 20 x 10,000).
  for (const a of state.allocations) {
    if (!up.has(a.providerId)) continue
    for (const rc of RESOURCE_CLASSES) used[rc] += a.resources[rc]
  }
  let servers = 0
  let serversInError = 0
  for (const s of state.servers) {
    if (s.vmState === 'deleted') continue
    servers++
    if (s.vmState === 'error') serversInError++
  }
  return {
    hostsUp: state.hosts.filter((h) => h.status === 'up').length,
    hosts: state.hosts.length,
    used,
    capacity: cap,
    tasksRunning: state.tasks.filter((t) => t.status === 'running').length,
    tasksQueued: state.tasks.filter((t) => t.status === 'queued').length,
    servers,
    serversInError,
    syncedAt: state.hosts.filter((h) => h.status === 'up').reduce<string | null>((oldest, h) => (h.syncedAt && (!oldest || h.syncedAt < oldest) ? h.syncedAt : oldest), null),
  }
}
