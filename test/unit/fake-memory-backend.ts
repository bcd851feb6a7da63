// An in-memory FakeDomainBackend for the fake driver's tests (the store's
// stands in for it in the product).
import type { FakeDomainBackend, FakeDomainRecord } from '../../src/hypervisor/fake/fake-driver.js'

/** Simulated domains in a map keyed `hostId/name`. */
export function memoryBackend(): FakeDomainBackend & { domains: Map<string, FakeDomainRecord> } {
  const domains = new Map<string, FakeDomainRecord>()
  const key = (hostId: string, name: string) => `${hostId}/${name}`
  return {
    domains,
    async get(hostId, name) {
      return domains.get(key(hostId, name))
    },
    async list(hostId) {
      return [...domains.entries()].filter(([k]) => k.startsWith(`${hostId}/`)).map(([, d]) => d)
    },
    async put(hostId, domain) {
      domains.set(key(hostId, domain.name), domain)
    },
    async remove(hostId, name) {
      domains.delete(key(hostId, name))
    },
  }
}
