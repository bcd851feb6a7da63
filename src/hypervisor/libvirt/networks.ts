// The networks a libvirt host offers its guests: user-mode networking always,
// its libvirt networks (`virsh net-list` + `net-dumpxml`) and its Linux bridges
// (`ip -j link show type bridge`). Parsers are pure, for unit tests; probing
// runs each command as an argument list, and a command that fails (no `ip`, a
// session libvirt without networks) means "none of those", not a failed probe.
import { XMLParser } from 'fast-xml-parser'
import { userNetwork, type HostNetwork } from '../../core/model/networks.js'
import type { Transport } from '../transport.js'
import type { Virsh } from './virsh.js'

/** Network names from `virsh net-list --name`, one per line. */
export function parseNetNames(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean)
}

/** A libvirt network's bridge device and forward mode, from `virsh net-dumpxml`. */
export function parseNetworkXml(xml: string): { bridge?: string; forward?: string } {
  const net = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml)?.network ?? {}
  const bridge = net.bridge?.['@_name']
  // <forward/> with no mode is NAT (libvirt's default); no <forward> at all is an isolated network.
  const forward = net.forward === undefined ? undefined : String(net.forward?.['@_mode'] ?? 'nat')
  return { ...(typeof bridge === 'string' ? { bridge } : {}), ...(forward ? { forward } : {}) }
}

/** Bridge device names from `ip -j link show type bridge`. */
export function parseBridges(json: string): string[] {
  const links = JSON.parse(json || '[]') as Array<{ ifname?: unknown }>
  return links.map((l) => l.ifname).filter((n): n is string => typeof n === 'string')
}

/**
 * Which bridges qemu-bridge-helper lets an unprivileged QEMU join, from
 * /etc/qemu/bridge.conf: `allow NAME|all` and `deny NAME|all`, later lines
 * winning (`include` files are not followed: a bridge only they allow is not offered).
 */
export function bridgeAllowed(conf: string, bridge: string): boolean {
  let allowed = false
  for (const line of conf.split('\n')) {
    const [verb, name] = line.replace(/#.*/, '').trim().split(/\s+/)
    if (name !== bridge && name !== 'all') continue
    if (verb === 'allow') allowed = true
    else if (verb === 'deny') allowed = false
  }
  return allowed
}

/**
 * Everything the host offers. A session libvirt (qemu:///session) reaches a
 * bridge only through qemu-bridge-helper, so there only the bridges its
 * bridge.conf allows are offered; the system libvirt can use every bridge.
 */
export async function probeNetworks(virsh: Virsh, transport: Transport, session: boolean): Promise<HostNetwork[]> {
  const [all, active, links, conf] = await Promise.all([
    virsh.exec('net-list', '--all', '--name'),
    virsh.exec('net-list', '--name'),
    transport.exec(['ip', '-j', 'link', 'show', 'type', 'bridge']),
    session ? transport.exec(['cat', '/etc/qemu/bridge.conf']) : Promise.resolve(undefined),
  ])
  const names = all.code === 0 ? parseNetNames(all.stdout) : []
  const running = new Set(active.code === 0 ? parseNetNames(active.stdout) : [])
  const libvirt: HostNetwork[] = await Promise.all(
    names.map(async (name) => {
      const xml = await virsh.exec('net-dumpxml', name)
      return { name, type: 'libvirt' as const, ...(xml.code === 0 ? parseNetworkXml(xml.stdout) : {}), active: running.has(name) }
    }),
  )
  // A libvirt network's own bridge (virbr0) is offered as that network, not as a bare bridge.
  const owned = new Set(libvirt.map((n) => n.bridge).filter(Boolean))
  let bridges = links.code === 0 ? parseBridges(links.stdout) : []
  bridges = bridges.filter((b) => !owned.has(b) && (!session || (conf?.code === 0 && bridgeAllowed(conf.stdout, b))))
  const bridgeNets: HostNetwork[] = bridges.map((name) => ({ name, type: 'bridge', active: true }))
  // Names are what servers ask for: the first of a kind wins a clash (user, then bridges, then libvirt networks).
  const seen = new Set<string>()
  return [userNetwork(), ...bridgeNets, ...libvirt].filter((n) => !seen.has(n.name) && seen.add(n.name))
}
