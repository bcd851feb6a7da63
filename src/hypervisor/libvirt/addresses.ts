// A guest's addresses as its host sees them: `virsh domifaddr` from libvirt's
// DHCP leases (libvirt networks only), then the host's ARP table (bridged
// guests that have talked), then the guest agent (needs qemu-guest-agent in the
// guest). Each later source is asked only about the NICs the earlier ones left
// unanswered, and a source that fails is skipped, not fatal.
import type { InterfaceAddress } from '../driver.js'
import type { Virsh } from './virsh.js'

const SOURCES = ['lease', 'arp', 'agent'] as const

/**
 * The addresses in `virsh domifaddr --full` output (`--full` repeats the
 * name and MAC on every line; without it a NIC's later lines show "-", which
 * is read as "the NIC above"). Loopback and link-local IPv6 are left out.
 */
export function parseDomifaddr(text: string, source: InterfaceAddress['source']): InterfaceAddress[] {
  const out: InterfaceAddress[] = []
  let mac: string | undefined
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+(\S+)\s+(ipv4|ipv6)\s+([0-9a-fA-F.:]+)\/(\d+)\s*$/.exec(line)
    if (!m) continue
    if (m[2] !== '-') mac = m[2].toLowerCase()
    if (!mac) continue
    const addr = m[4]
    const version = m[3] === 'ipv4' ? 4 : 6
    if (addr.startsWith('127.') || addr === '::1' || /^fe80:/i.test(addr)) continue
    out.push({ mac, addr, version, prefix: Number(m[5]), source })
  }
  return out
}

/** Asks each source in turn for the NICs still without an address; `tried` says what each source did (for --debug and tests). */
export async function interfaceAddresses(virsh: Virsh, domain: string, macs: readonly string[], tried: string[] = []): Promise<InterfaceAddress[]> {
  const wanted = new Set(macs.map((m) => m.toLowerCase()))
  const found: InterfaceAddress[] = []
  for (const source of SOURCES) {
    if (wanted.size === 0) break
    const result = await virsh.exec('domifaddr', domain, '--source', source, '--full')
    if (result.code !== 0) {
      tried.push(`${source}: ${(result.stderr || result.stdout).trim().split('\n').at(-1) ?? 'failed'}`)
      continue
    }
    const answered = parseDomifaddr(result.stdout, source).filter((a) => wanted.has(a.mac))
    tried.push(`${source}: ${answered.length} address(es)`)
    found.push(...answered)
    for (const a of answered) wanted.delete(a.mac)
  }
  return found
}
