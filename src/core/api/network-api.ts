// Networks as the operator sees them: every name some host offers, with the
// hosts that offer it (`network list`, `network show`), and the check of what
// `server create --network/--nic` asks for, before anything is recorded.
import { UserError } from '../errors.js'
import { findOne } from '../model/names.js'
import { checkFixedIp, checkMac, USER_NETWORK, type NetworkAsk, type NetworkType } from '../model/networks.js'
import type { State } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** One network name across the cloud, and how each host that has it offers it. */
export interface NetworkSummary {
  name: string
  /** The kinds it is on its hosts (one, unless hosts disagree). */
  types: NetworkType[]
  hosts: Array<{ host: string; type: NetworkType; active: boolean; bridge?: string; forward?: string }>
}

/** Every network of these hosts, user first, then by name. */
export function networkSummaries(hosts: State['hosts']): NetworkSummary[] {
  const byName = new Map<string, NetworkSummary>()
  for (const h of hosts) {
    for (const n of h.networks) {
      let entry = byName.get(n.name)
      if (!entry) byName.set(n.name, (entry = { name: n.name, types: [], hosts: [] }))
      if (!entry.types.includes(n.type)) entry.types.push(n.type)
      entry.hosts.push({ host: h.name, type: n.type, active: n.active, ...(n.bridge ? { bridge: n.bridge } : {}), ...(n.forward ? { forward: n.forward } : {}) })
    }
  }
  return [...byName.values()].sort((a, b) => (a.name === USER_NETWORK ? -1 : b.name === USER_NETWORK ? 1 : a.name.localeCompare(b.name)))
}

/** A NIC as `server create` checked it; its MAC is made from the server's uuid when none was given. */
export interface CheckedNic {
  network: string
  mac?: string
  fixedIp?: string
}

/**
 * Checks the networks a create asks for against what the hosts offer: each
 * must exist on some host (the scheduler then picks one that has them all),
 * a fixed address or MAC only on a bridge or libvirt network and only for a
 * single server, and neither already used by a live server.
 */
export function checkNetworks(state: State, ask: NetworkAsk, count: number): CheckedNic[] {
  if (ask.kind === 'none') return []
  if (ask.kind === 'auto') return [{ network: USER_NETWORK }]
  const offered = new Map(networkSummaries(state.hosts).map((n) => [n.name, n]))
  const live = state.servers.filter((s) => s.vmState !== 'deleted')
  return ask.nics.map((nic) => {
    const net = offered.get(nic.network)
    if (!net && nic.network !== USER_NETWORK) {
      const known = [...new Set([USER_NETWORK, ...offered.keys()])].join(', ')
      throw new UserError(`No host offers a network named ${JSON.stringify(nic.network)}`, {
        hint: `Networks: ${known} (\`homenova network list\`). A bridge or libvirt network made on a host since it was added appears after \`homenova host refresh HOST\`.`,
      })
    }
    const checked: CheckedNic = { network: nic.network }
    if (nic.fixedIp !== undefined || nic.mac !== undefined) {
      if (nic.network === USER_NETWORK) {
        throw new UserError('The user network takes no v4-fixed-ip or mac: QEMU gives its one guest 10.0.2.15', { hint: 'Use a bridge or libvirt network (`homenova network list`).' })
      }
      if (count > 1) throw new UserError('A fixed address or MAC cannot be given to several servers at once (--max > 1)', { hint: 'Create them one at a time.' })
    }
    if (nic.mac !== undefined) {
      checked.mac = checkMac(nic.mac)
      const user = live.find((s) => s.nics.some((n) => n.mac === checked.mac))
      if (user) throw new UserError(`MAC ${checked.mac} is already used by server ${user.name}`)
    }
    if (nic.fixedIp !== undefined) {
      checked.fixedIp = checkFixedIp(nic.fixedIp)
      const addr = checked.fixedIp.split('/')[0]
      const user = live.find((s) => s.nics.some((n) => n.network === nic.network && n.fixedIp?.split('/')[0] === addr))
      if (user) throw new UserError(`${addr} on ${nic.network} is already the fixed address of server ${user.name}`)
    }
    return checked
  })
}

/** Network operations. */
export class NetworkApi {
  constructor(private readonly store: Store) {}

  /** Every network, or those of one host. */
  async list(options: { host?: string } = {}): Promise<NetworkSummary[]> {
    const state = await this.store.read()
    const hosts = options.host ? [findOne('host', state.hosts, options.host)] : state.hosts
    return networkSummaries(hosts)
  }

  async show(name: string): Promise<NetworkSummary> {
    const net = (await this.list()).find((n) => n.name === name)
    if (!net) throw new UserError(`No host offers a network named ${JSON.stringify(name)}`, { hint: 'List them with `homenova network list`.' })
    return net
  }
}
