// Keeps the fake driver's simulated domains in the store, so that separate
// homenova processes agree on what runs on a simulated host.
//
// Reads are cached per version of state.json: a refresh of 20 simulated hosts
// asks for each host's domains, and parsing a 10,000-server store once per host
// took seconds. A version is the file's identity, size and mtime (a write always
// renames a new file into place), so a cached read is never older than the file.
import { stat } from 'node:fs/promises'
import type { FakeDomainBackend, FakeDomainRecord } from '../../hypervisor/fake/fake-driver.js'
import { fingerprint } from '../store/fingerprint.js'
import type { FakeDomain, State } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** A stored fake domain without the host it belongs to (a copy: callers may change it). */
function record({ hostId: _hostId, ...domain }: FakeDomain): FakeDomainRecord {
  return structuredClone(domain)
}

/** A FakeDomainBackend on top of the store. */
export function storeFakeBackend(store: Store): FakeDomainBackend {
  let cached: { version: string; domains: Promise<FakeDomain[]> } | undefined

  async function domains(): Promise<FakeDomain[]> {
    const st = await stat(store.path, { bigint: true }).catch(() => null)
    const version = st ? fingerprint(st) : 'absent'
    if (cached?.version !== version) {
      // Concurrent callers share one read; a failed read is not kept.
      const read = store.read().then((state: State) => state.fakeDomains)
      cached = { version, domains: read }
      read.catch(() => {
        if (cached?.domains === read) cached = undefined
      })
    }
    return cached.domains
  }

  return {
    async get(hostId: string, name: string): Promise<FakeDomainRecord | undefined> {
      const d = (await domains()).find((x) => x.hostId === hostId && x.name === name)
      return d && record(d)
    },
    async list(hostId: string): Promise<FakeDomainRecord[]> {
      return (await domains()).filter((x) => x.hostId === hostId).map(record)
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
