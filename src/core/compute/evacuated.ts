// What Nova's compute service does at start-up for instances evacuated while
// it was down (_destroy_evacuated_instances): their domains and files on the
// returning host are destroyed and the claims they kept there released, before
// the host takes new work. homenova does it when a power-state sync finds a
// host up again (and the operator no longer forces it down).
import type { DriverSource } from '../conductor/context.js'
import { evacuationConsumer } from '../conductor/lookups.js'
import { serviceUp } from '../model/compute-service.js'
import type { State } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** One evacuated server's leftovers removed from the host it left. */
export interface EvacuationCleanup {
  host: string
  server: string
  error?: string
}

/** Removes what evacuations left on the hosts (ids) that are up again; a failure is reported and retried at the next sync. */
export async function removeEvacuated(store: Store, drivers: DriverSource, hostIds: readonly string[]): Promise<EvacuationCleanup[]> {
  const state = await store.read()
  const hosts = state.hosts.filter((h) => hostIds.includes(h.id) && serviceUp(h) && (h.evacuated ?? []).length > 0)
  const report: EvacuationCleanup[] = []
  const done: Array<{ hostId: string; serverId: string }> = []
  for (const host of hosts) {
    const driver = await drivers.get(host)
    for (const entry of host.evacuated ?? []) {
      const server = state.servers.find((s) => s.id === entry.serverId)
      const name = server?.name ?? entry.serverId
      try {
        // A server that has since come back to this host is the live copy: keep it.
        if (server?.host !== host.id) await driver.destroy({ uuid: entry.serverId, domainName: entry.domainName })
        done.push({ hostId: host.id, serverId: entry.serverId })
        report.push({ host: host.name, server: name })
      } catch (err) {
        report.push({ host: host.name, server: name, error: err instanceof Error ? err.message : String(err) })
      }
    }
  }
  if (done.length > 0) await store.transact((s) => forget(s, done))
  return report
}

function forget(state: State, done: Array<{ hostId: string; serverId: string }>): void {
  for (const { hostId, serverId } of done) {
    const host = state.hosts.find((h) => h.id === hostId)
    if (host?.evacuated) {
      host.evacuated = host.evacuated.filter((e) => e.serverId !== serverId)
      if (host.evacuated.length === 0) delete host.evacuated
    }
    state.allocations = state.allocations.filter((a) => a.consumerId !== evacuationConsumer(serverId, hostId))
  }
}
