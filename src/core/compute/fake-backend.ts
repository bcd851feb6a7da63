// Keeps the fake driver's simulated domains in the store, so that separate
// homenova processes agree on what runs on a simulated host.
import type { FakeDomainBackend, FakeDomainRecord } from '../../hypervisor/fake/fake-driver.js'
import type { FakeDomain } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** A stored fake domain without the host it belongs to. */
function record({ hostId: _hostId, ...domain }: FakeDomain): FakeDomainRecord {
  return domain
}

/** A FakeDomainBackend on top of the store. */
export function storeFakeBackend(store: Store): FakeDomainBackend {
  return {
    async get(hostId: string, name: string): Promise<FakeDomainRecord | undefined> {
      const state = await store.read()
      const d = state.fakeDomains.find((x) => x.hostId === hostId && x.name === name)
      return d && record(d)
    },
    async list(hostId: string): Promise<FakeDomainRecord[]> {
      const state = await store.read()
      return state.fakeDomains.filter((x) => x.hostId === hostId).map(record)
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
