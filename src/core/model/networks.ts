// Networks a server can attach to, and its NICs on them. Nova asks Neutron for
// ports; homenova has no Neutron, so a "network" is what a host offers as is:
// QEMU's user-mode network, a Linux bridge, or a libvirt network, by name.
import { createHash } from 'node:crypto'
import { isIPv4 } from 'node:net'
import { UserError } from '../errors.js'

/** The user-mode network's name: on every host, the default. */
export const USER_NETWORK = 'user'

/** The kinds of network a host offers. */
export const NETWORK_TYPES = ['user', 'bridge', 'libvirt'] as const
export type NetworkType = (typeof NETWORK_TYPES)[number]

/** The address QEMU's user-mode DHCP gives the first (and only) guest on it. */
export const USER_NETWORK_ADDRESS = '10.0.2.15'

/** One network a host offers, as its probe found it. */
export interface HostNetwork {
  name: string
  type: NetworkType
  /** A libvirt network's bridge device, when it has one. */
  bridge?: string
  /** A libvirt network's forward mode (nat, route, bridge, open...; absent: isolated). */
  forward?: string
  /** false: a libvirt network that is defined but not started (guests cannot attach to it). */
  active: boolean
}

/** What every host offers before (and whatever) its probe finds. */
export function userNetwork(): HostNetwork {
  return { name: USER_NETWORK, type: 'user', active: true }
}

/** A NIC a server asked for, as recorded on the server (Nova's requested network plus the port's MAC). */
export interface NicRequest {
  network: string
  mac: string
  /** `--nic v4-fixed-ip=ADDR[/PREFIX]`: the address the guest is told to take, with its prefix length. */
  fixedIp?: string
}

/** The MAC of NIC `index` of a server: Nova's fa:16:3e prefix, fixed by the uuid (NIC 0 keeps the MAC servers always had). */
export function nicMac(uuid: string, index: number): string {
  const hex = createHash('sha256').update(index === 0 ? uuid : `${uuid}/nic${index}`).digest('hex')
  return `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`
}

/** What `--network NAME` and `--nic ...` ask for, before the server's uuid (and so its MACs) exists. */
export interface NicAsk {
  network: string
  mac?: string
  fixedIp?: string
}

/** `--nic none`: no NIC at all; `auto` (or nothing given): the default network. */
export type NetworkAsk = { kind: 'none' } | { kind: 'auto' } | { kind: 'nics'; nics: NicAsk[] }

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/

/**
 * Parses openstack's `--nic` value: `none`, `auto`, or comma-separated
 * `net-id=NAME`, `v4-fixed-ip=ADDR[/PREFIX]`, `mac=MAC` (Nova's `port-id` and
 * `v6-fixed-ip` have no homenova counterpart and are refused).
 */
export function parseNic(text: string): NicAsk | 'none' | 'auto' {
  if (text === 'none' || text === 'auto') return text
  const nic: Partial<NicAsk> = {}
  for (const part of text.split(',')) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : part.slice(eq + 1)
    if (key === 'net-id' || key === 'net-name') nic.network = value
    else if (key === 'v4-fixed-ip') nic.fixedIp = value
    else if (key === 'mac') nic.mac = value.toLowerCase()
    else {
      throw new UserError(`--nic ${JSON.stringify(text)}: unknown key ${JSON.stringify(key)}`, {
        hint: 'Give --nic net-id=NETWORK[,v4-fixed-ip=ADDR][,mac=MAC], --nic none or --nic auto (port-id and v6-fixed-ip need Neutron).',
      })
    }
  }
  if (!nic.network) throw new UserError(`--nic ${JSON.stringify(text)} names no network`, { hint: 'e.g. --nic net-id=br0 (`homenova network list` shows the names).' })
  return nic as NicAsk
}

/** Combines `--network` and `--nic` flags the way openstack does (`--network N` is `--nic net-id=N`). */
export function networkAsk(networks: readonly string[], nics: readonly string[]): NetworkAsk {
  const parsed = nics.map(parseNic)
  const special = parsed.filter((n): n is 'none' | 'auto' => typeof n === 'string')
  if (special.length > 0) {
    if (special.length > 1 || parsed.length > 1 || networks.length > 0) {
      throw new UserError(`--nic ${special[0]} cannot be combined with other --nic or --network options`)
    }
    return { kind: special[0] }
  }
  const all = [...networks.map((network) => ({ network })), ...(parsed as NicAsk[])]
  return all.length === 0 ? { kind: 'auto' } : { kind: 'nics', nics: all }
}

/** Checks a fixed IPv4 address given as ADDR or ADDR/PREFIX; returns it as ADDR/PREFIX (a LAN's /24 when none given). */
export function checkFixedIp(text: string): string {
  const [addr, prefix, ...rest] = text.split('/')
  const bits = prefix === undefined ? 24 : Number(prefix)
  if (!isIPv4(addr) || rest.length > 0 || !Number.isInteger(bits) || bits < 1 || bits > 32 || prefix === '') {
    throw new UserError(`v4-fixed-ip ${JSON.stringify(text)} is not an IPv4 address (optionally /PREFIX)`, { hint: 'e.g. v4-fixed-ip=192.168.1.50/24' })
  }
  return `${addr}/${bits}`
}

/** Checks a MAC given with `--nic mac=`: six hex pairs, unicast. */
export function checkMac(mac: string): string {
  if (!MAC.test(mac) || (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
    throw new UserError(`mac ${JSON.stringify(mac)} is not a unicast MAC address`, { hint: 'e.g. mac=fa:16:3e:12:34:56 (the first byte must be even).' })
  }
  return mac
}

/** The dotted netmask of a prefix length (network_data.json's ipv4 netmask). */
export function netmaskOf(bits: number): string {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.')
}
