// Nova's _sync_power_states (nova/compute/manager.py): ask each host once for
// the state of all its domains, record what the hypervisor says in each
// server's power_state, and settle the cases where the guest acted on its own:
// a guest that shut itself down is stopped, a domain that vanished is ERROR.
// The host calls run in parallel outside the store lock; one transaction then
// applies them, re-checking each server, since a task may have moved it
// meanwhile. A server with work in progress is left alone, as Nova does.
// The same pass refreshes the addresses of running servers with NICs on
// bridges or libvirt networks (Nova's network info cache heal); a host whose
// servers are all on user-mode networking gets no extra call.
import type { DomainFacts, DomainPowerState, InterfaceAddress } from '../../hypervisor/driver.js'
import type { Caller } from '../api/caller.js'
import { nowIso, type Clock } from '../clock.js'
import { recordAction } from '../conductor/actions.js'
import type { DriverSource } from '../conductor/context.js'
import { isOpen, serversOf } from '../conductor/tasks.js'
import { failServer, serverStatus, setServerState, type PowerState, type ServerStatus, type VmState } from '../model/lifecycle.js'
import { POWER_STATE } from '../store/constants.js'
import type { Host, Server, State } from '../store/schema.js'
import type { Store } from '../store/store.js'
import type { EvacuationCleanup } from './evacuated.js'
import { addressesWith, learnAddresses, macsToLearn, sameAddresses } from './server-addresses.js'

/** Nova's sync_power_state_interval (600 s), in milliseconds. */
export const SYNC_POWER_STATE_INTERVAL_MS = 600_000

/** The user instance actions taken by the sync are recorded for. */
export const POWER_SYNC_USER = 'homenova-power-sync'

/** What to sync: which hosts, and whether a recent sync counts. */
export interface SyncOptions {
  /** Only these hosts (ids); default every host. */
  hostIds?: string[]
  /** Sync even hosts synced within the interval. */
  force?: boolean
  /** How long a sync holds before a host is due again (default SYNC_POWER_STATE_INTERVAL_MS). */
  intervalMs?: number
}

/** What one sync did: the hosts it asked, and the servers whose status it changed. */
export interface SyncReport {
  hosts: Array<{ name: string; status: 'up' | 'down'; error?: string }>
  changed: Array<{ server: string; from: ServerStatus; to: ServerStatus; reason: string }>
  /** Leftovers of evacuated servers removed from hosts that came back. */
  evacuated?: EvacuationCleanup[]
}

// Nova's power_state numbers for what the driver reports. `other` (libvirt's
// "in shutdown", "pmsuspended") is passing or foreign: it is not recorded.
const POWER_OF: Record<Exclude<DomainPowerState, 'other'>, PowerState> = {
  running: POWER_STATE.RUNNING,
  paused: POWER_STATE.PAUSED,
  shutoff: POWER_STATE.SHUTDOWN,
  suspended: POWER_STATE.SUSPENDED,
  crashed: POWER_STATE.CRASHED,
  missing: POWER_STATE.NOSTATE,
}

// Not synced at all: no domain is expected yet, any more, or in a known state.
const SKIPPED: readonly VmState[] = ['building', 'error', 'deleted', 'shelved_offloaded']
// States whose domain must exist on the host: one that is gone makes the server ERROR.
const NEEDS_DOMAIN: readonly VmState[] = ['active', 'stopped', 'paused', 'suspended', 'rescued', 'resized']

type Observation = { hostId: string; domains: Map<string, DomainFacts>; addresses: Map<string, InterfaceAddress[]> } | { hostId: string; error: string }

// What a server looked like before the hosts were asked; a server that no
// longer looks so was changed by someone else, and the observation is stale.
const fingerprint = (s: Server) => `${s.host}|${s.vmState}|${s.taskState}|${s.updatedAt}`

/** Syncs the power state of the servers on every host due (or `hostIds`) with what their hypervisors report. */
export async function syncPowerStates(store: Store, drivers: DriverSource, clock: Clock, options: SyncOptions = {}): Promise<SyncReport> {
  const started = clock.now()
  const interval = options.intervalMs ?? SYNC_POWER_STATE_INTERVAL_MS
  const before = await store.read()
  const due = before.hosts.filter(
    (h) => (!options.hostIds || options.hostIds.includes(h.id)) && (options.force || !(started - Date.parse(h.syncedAt ?? '') < interval)),
  )
  if (due.length === 0) return { hosts: [], changed: [] }
  const seen = new Map(before.servers.map((s) => [s.id, fingerprint(s)]))
  // Servers with addresses to learn, by host, found in one pass (most hosts have none).
  const learners = new Map<string, Server[]>()
  for (const s of before.servers) {
    if (s.host === null || SKIPPED.includes(s.vmState) || macsToLearn(s).length === 0) continue
    const list = learners.get(s.host)
    if (list) list.push(s)
    else learners.set(s.host, [s])
  }
  const observations = await Promise.all(due.map((host) => observe(drivers, host, learners.get(host.id) ?? [])))
  const syncedAt = new Date(started).toISOString()
  const report = await store.transact((state) => apply(state, observations, seen, syncedAt))
  // A host back from the dead first loses what was evacuated from it (see evacuated.ts).
  const back = observations.filter((o) => !('error' in o)).map((o) => o.hostId)
  if (before.hosts.some((h) => back.includes(h.id) && (h.evacuated ?? []).length > 0)) {
    const { removeEvacuated } = await import('./evacuated.js')
    report.evacuated = await removeEvacuated(store, drivers, back)
  }
  return report
}

/** One listDomains call, then the addresses of those `learners` (its servers with addresses to learn) that run; a host that cannot be reached is an observation too. */
async function observe(drivers: DriverSource, host: Host, learners: readonly Server[]): Promise<Observation> {
  try {
    const driver = await drivers.get(host)
    const domains = await driver.listDomains()
    const addresses = new Map<string, InterfaceAddress[]>()
    const learning = learners.filter((s) => domains.get(s.domainName)?.state === 'running')
    await Promise.all(
      learning.map(async (s) => {
        const seen = await learnAddresses(driver, s)
        if (seen) addresses.set(s.id, seen)
      }),
    )
    return { hostId: host.id, domains, addresses }
  } catch (err) {
    return { hostId: host.id, error: err instanceof Error ? err.message : String(err) }
  }
}

// Inside the transaction: may run again if another process raced, so it
// changes nothing but the state and builds the report afresh each time.
function apply(state: State, observations: Observation[], seen: Map<string, string>, syncedAt: string): SyncReport {
  const now = nowIso()
  const report: SyncReport = { hosts: [], changed: [] }
  const busy = new Set(state.tasks.filter(isOpen).flatMap(serversOf))
  for (const o of observations) {
    const host = state.hosts.find((h) => h.id === o.hostId)
    if (!host) continue // removed while we asked
    markHost(host, 'error' in o ? o.error : undefined, syncedAt, now)
    report.hosts.push({ name: host.name, status: host.status, ...('error' in o ? { error: o.error } : {}) })
    if ('error' in o) continue
    for (const server of state.servers) {
      if (server.host !== host.id || SKIPPED.includes(server.vmState)) continue
      if (server.taskState !== null || busy.has(server.id) || seen.get(server.id) !== fingerprint(server)) continue
      const change = reconcile(state, server, o.domains.get(server.domainName)?.state ?? 'missing', host.name, now)
      if (change) report.changed.push(change)
      const learned = o.addresses.get(server.id)
      if (learned) {
        const addresses = addressesWith(server, learned)
        if (!sameAddresses(addresses, server.addresses)) server.addresses = addresses
      }
    }
  }
  return report
}

/** Down with the reason while it does not answer; up (and the reason gone) once it does. */
function markHost(host: Host, error: string | undefined, syncedAt: string, now: string): void {
  host.syncedAt = syncedAt
  const status = error === undefined ? 'up' : 'down'
  if (host.status !== status || host.downReason !== error) host.updatedAt = now
  host.status = status
  if (error === undefined) delete host.downReason
  else host.downReason = error
}

/** Settles one server against its observed domain; the change if its status changed. */
function reconcile(state: State, server: Server, observed: DomainPowerState, hostName: string, now: string): SyncReport['changed'][number] | undefined {
  if (observed === 'other') return undefined
  const power = POWER_OF[observed]
  const from = serverStatus(server)
  if (server.vmState === 'active' && (observed === 'shutoff' || observed === 'crashed')) {
    // Nova calls the stop API here (as admin, so a lock does not stand in the way); the
    // guest is off already, so homenova records the stop without asking the host again.
    const reason = `The guest ${observed === 'crashed' ? 'crashed' : 'shut itself down'} on ${hostName} (found by power-state sync)`
    setServerState(server, { vmState: 'stopped', powerState: power }, now)
    recordSyncAction(state, server, 'stop', 'compute_stop_instance', 'Success', reason)
    return { server: server.name, from, to: serverStatus(server), reason }
  }
  if (observed === 'missing' && NEEDS_DOMAIN.includes(server.vmState)) {
    // Nova only logs "Instance is unexpectedly not found" here. homenova's domains stay
    // defined while stopped or suspended, so a missing one was undefined behind its back.
    const reason = `The domain ${server.domainName} is gone from host ${hostName} (found by power-state sync)`
    failServer(server, now, reason)
    setServerState(server, { powerState: power }, now)
    recordSyncAction(state, server, 'sync_power_state', 'compute_sync_power_state', 'Error', reason)
    return { server: server.name, from, to: serverStatus(server), reason }
  }
  // Any other mismatch: Nova calls stop for an ACTIVE guest found suspended, force_stop for
  // a STOPPED guest found running, paused or suspended and for a PAUSED guest found off,
  // and ignores an ACTIVE guest found paused. homenova only records the power state, which
  // `server show` reports; powering a guest off is left to the operator.
  if (server.powerState !== power) setServerState(server, { powerState: power }, now)
  return undefined
}

/** An instance action the sync took, done at once, with its event carrying the reason. */
function recordSyncAction(state: State, server: Server, action: string, event: string, result: 'Success' | 'Error', message: string): void {
  const caller: Caller = { projectId: server.projectId, userId: POWER_SYNC_USER, roles: [] }
  const record = recordAction(state, server.id, action, caller)
  record.finishTime = record.startTime
  record.events.push({ event, startTime: record.startTime, finishTime: record.startTime, result, details: message, steps: [] })
  // An action's message marks it failed (`server event list` shows it as Error).
  if (result === 'Error') record.message = message
}
