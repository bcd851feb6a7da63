// Keeps the fake driver's simulated domains in the store, so that separate
// homenova processes agree on what runs on a simulated host.
import type { FakeDomainBackend, FakeDomainRecord } from '../../hypervisor/fake/fake-driver.js'
import type { Store } from '../store/store.js'

/** A FakeDomainBackend on top of the store. */
export function storeFakeBackend(store: Store): FakeDomainBackend {
  return {
    async get(hostId: string, name: string): Promise<FakeDomainRecord | undefined> {
      const state = await store.read()
      const d = state.fakeDomains.find((x) => x.hostId === hostId && x.name === name)
      return d && { name: d.name, state: d.state, consoleLog: d.consoleLog }
    },
    async list(hostId: string): Promise<FakeDomainRecord[]> {
      const state = await store.read()
      return state.fakeDomains.filter((x) => x.hostId === hostId).map((d) => ({ name: d.name, state: d.state, consoleLog: d.consoleLog }))
    },
    async put(hostId: string, domain: FakeDomainRecord): Promise<void> {
      await store.transact((state) => {
        state.fakeDomains = state.fakeDomains.filter((x) => !(x.hostId === hostId && x.name === domain.name))
        state.fakeDomains.push({ hostId, ...domain })
      })
    },
    async remove(hostId: string, name: string): Promise<void> {
      await store.transact((state) => {
        state.fakeDomains = state.fakeDomains.filter((x) => !(x.hostId === hostId && x.name === name))
      })
    },
  }
}
