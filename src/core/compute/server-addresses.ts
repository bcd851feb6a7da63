// A server's addresses (Nova's `addresses`, shown as Networks): the ones known
// without asking (user-mode: 10.0.2.15; a NIC given a fixed address: that one)
// and the ones its host sees on the other NICs, matched to them by MAC. Asked
// for at the end of a build and at each power-state sync.
import type { HypervisorDriver, InterfaceAddress } from '../../hypervisor/driver.js'
import { USER_NETWORK, USER_NETWORK_ADDRESS } from '../model/networks.js'
import type { Server } from '../store/schema.js'

type Addresses = Server['addresses']

/** The addresses a server has before any is discovered. */
export function knownAddresses(server: Pick<Server, 'nics'>): Addresses {
  const out: Addresses = {}
  for (const nic of server.nics) {
    const addr = nic.network === USER_NETWORK ? USER_NETWORK_ADDRESS : nic.fixedIp?.split('/')[0]
    if (addr) (out[nic.network] ??= []).push({ addr, version: 4, type: 'fixed', mac: nic.mac })
  }
  return out
}

/**
 * The MACs whose addresses only the host can tell: NICs on bridges and libvirt
 * networks that were not given a fixed address. A server with none costs its host nothing.
 */
export function macsToLearn(server: Pick<Server, 'nics'>): string[] {
  return server.nics.filter((n) => n.network !== USER_NETWORK && !n.fixedIp).map((n) => n.mac)
}

/** Known addresses plus what the host saw, each under the network of the NIC with its MAC (IPv4 first, no repeats). */
export function addressesWith(server: Pick<Server, 'nics'>, seen: readonly InterfaceAddress[]): Addresses {
  const out = knownAddresses(server)
  const sorted = [...seen].sort((a, b) => a.version - b.version)
  for (const a of sorted) {
    const nic = server.nics.find((n) => n.mac === a.mac)
    if (!nic) continue
    const list = (out[nic.network] ??= [])
    if (!list.some((x) => x.addr === a.addr)) list.push({ addr: a.addr, version: a.version, type: 'fixed', mac: a.mac })
  }
  return out
}

/** What the host sees on the server's NICs, or undefined if it has none to learn or the host could not say (kept as it was). */
export async function learnAddresses(driver: HypervisorDriver, server: Pick<Server, 'id' | 'domainName' | 'nics'>): Promise<InterfaceAddress[] | undefined> {
  const macs = macsToLearn(server)
  if (macs.length === 0) return undefined
  try {
    return await driver.interfaceAddresses({ uuid: server.id, domainName: server.domainName }, macs)
  } catch {
    return undefined
  }
}

/** Whether two address records say the same. */
export function sameAddresses(a: Addresses, b: Addresses): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
