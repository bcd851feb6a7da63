// Nova's affinity filters (nova/scheduler/filters/affinity_filter.py): server group
// policies, same_host/different_host hints, and SimpleCIDRAffinityFilter.
import type { HostState } from '../host-state.js'
import type { SchedulerHints } from '../request.js'
import type { HostFilter } from './types.js'

// Lists become Sets once per request, keyed by the list; the group's lists grow
// during a multi-instance request, so a Set is rebuilt when the length changes.
const sets = new WeakMap<readonly string[], { size: number; set: Set<string> }>()
function asSet(list: readonly string[]): Set<string> {
  let hit = sets.get(list)
  if (hit?.size !== list.length) sets.set(list, (hit = { size: list.length, set: new Set(list) }))
  return hit.set
}

/** Ids in `ids` that are servers on the host, scanning the smaller side; stops after `limit`. */
function serversOnHost(host: HostState, ids: readonly string[], limit = Infinity): string[] {
  const found: string[] = []
  if (ids.length <= host.instances.size) {
    for (const id of ids) if (host.instances.has(id) && found.push(id) >= limit) break
  } else {
    const wanted = asSet(ids)
    for (const id of host.instances.keys()) if (wanted.has(id) && found.push(id) >= limit) break
  }
  return found
}

/** ServerGroupAffinityFilter: with an affinity group, only the hosts its members (and earlier picks) are on. */
export const serverGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  reject(host, { group }) {
    // Nova: other policies, and a group with no hosts yet (the first member), pass.
    if (group?.policy !== 'affinity' || group.hosts.length === 0) return null
    if (asSet(group.hosts).has(host.host.name)) return null
    return `server group ${group.name} (affinity) has its members on ${[...asSet(group.hosts)].join(', ')}`
  },
}

/** ServerGroupAntiAffinityFilter: with an anti-affinity group, fewer than max_server_per_host members on the host. */
export const serverGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  reject(host, { group }) {
    if (group?.policy !== 'anti-affinity') return null
    // Nova counts the group's members among the host's instances (not group.hosts),
    // so earlier picks of a multi-instance request count only as members on the host.
    const max = group.rules.max_server_per_host ?? 1
    if (serversOnHost(host, group.memberIds, max).length < max) return null
    return `already has ${max === 1 ? 'a member' : `${max} members`} of anti-affinity server group ${group.name} (max_server_per_host ${max})`
  },
}

/** SameHostFilter: a host with at least one of the servers named in the same_host hint. */
export const sameHostFilter: HostFilter = {
  name: 'SameHostFilter',
  reject(host, { hints }) {
    const ids = hints.same_host
    if (!ids?.length) return null // Nova: a missing or empty hint passes every host.
    if (serversOnHost(host, ids, 1).length > 0) return null
    const named = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ')
    return `has none of the servers the same_host hint names (${named})`
  },
}

/** DifferentHostFilter: a host with none of the servers named in the different_host hint. */
export const differentHostFilter: HostFilter = {
  name: 'DifferentHostFilter',
  reject(host, { hints }) {
    const [found] = hints.different_host?.length ? serversOnHost(host, hints.different_host, 1) : []
    return found === undefined ? null : `has server ${found}, which the different_host hint names`
  },
}

// Own small parser, not node:net BlockList: netaddr (Nova) parses the text
// build_near_host_ip + cidr, netmask forms ('/255.255.255.0') included, and never
// matches across IP versions; BlockList takes prefixes only and matches IPv4-mapped
// IPv6 against IPv4 rules. Addresses are 16-bit words: 2 for IPv4, 8 for IPv6.
type Net = { words: number[]; prefix: number }

/** Dotted-quad IPv4 or RFC 4291 IPv6 text as 16-bit words; null if invalid. */
export function parseIp(text: string): number[] | null {
  if (!text.includes(':')) {
    const o = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)?.slice(1) ?? []
    const b = o.map(Number)
    if (o.length !== 4 || o.some((x) => x.length > 1 && x[0] === '0') || b.some((x) => x > 255)) return null
    return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]]
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')))
  const tail = groups[groups.length - 1]
  if (tail.length > 0 && tail[tail.length - 1].includes('.')) {
    const v4 = parseIp(tail.pop() ?? '')
    if (!v4) return null
    tail.push(...v4.map((w) => w.toString(16)))
  }
  if (groups.flat().some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null
  const [head, rest = []] = groups.map((g) => g.map((x) => parseInt(x, 16)))
  const zeros = 8 - head.length - rest.length // '::' stands for one group or more
  if (halves.length === 1 ? zeros !== 0 : zeros < 1) return null
  return [...head, ...new Array<number>(zeros).fill(0), ...rest]
}

/** netaddr.IPNetwork(text): address, then /prefix or (IPv4) /netmask or /hostmask; none means a single address. */
export function parseNetwork(text: string): Net | null {
  const [addr, mask, extra] = text.split('/')
  const words = extra === undefined ? parseIp(addr) : null
  if (!words) return null
  const bits = words.length * 16
  if (mask === undefined) return { words, prefix: bits }
  if (/^\d+$/.test(mask)) return Number(mask) <= bits ? { words, prefix: Number(mask) } : null
  const m = words.length === 2 ? parseIp(mask) : null
  if (!m || m.length !== 2) return null
  const n = ((m[0] << 16) | m[1]) >>> 0
  const ones = n.toString(2).replace(/0/g, '').length
  const netmask = ones === 0 ? 0 : (0xffffffff << (32 - ones)) >>> 0
  return n === netmask ? { words, prefix: ones } : n === 2 ** ones - 1 ? { words, prefix: 32 - ones } : null
}

/** Whether the address is inside the network; never across IP versions (netaddr). */
export function inNetwork(net: Net, ip: number[]): boolean {
  if (ip.length !== net.words.length) return false
  for (let i = 0, left = net.prefix; left > 0; i++, left -= 16) {
    const mask = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff
    if ((ip[i] ^ net.words[i]) & mask) return false
  }
  return true
}

const nets = new WeakMap<SchedulerHints, { text: string; net: Net | null }>()
const hostIps = new WeakMap<HostState, { text: string; ip: number[] | null }>()

/** SimpleCIDRAffinityFilter: host_ip inside build_near_host_ip + cidr (cidr defaults to '/24'). */
export const simpleCidrAffinityFilter: HostFilter = {
  name: 'SimpleCIDRAffinityFilter',
  reject(host, { hints }) {
    if (!hints.build_near_host_ip) return null
    // Nova concatenates the two hints as text, then parses the result as a network.
    const text = hints.build_near_host_ip + (hints.cidr ?? '/24')
    let n = nets.get(hints)
    if (n?.text !== text) nets.set(hints, (n = { text, net: parseNetwork(text) }))
    // Nova raises on an unparsable network or host_ip; here the host is rejected with why.
    if (!n.net) return `build_near_host_ip + cidr gives ${text}, which is not a network`
    const ip = host.host_ip
    let h = hostIps.get(host)
    if (h?.text !== ip) hostIps.set(host, (h = { text: ip, ip: parseIp(ip) }))
    if (!h.ip) return `host_ip ${ip} is not an IP address`
    return inNetwork(n.net, h.ip) ? null : `host_ip ${ip} is outside ${text} (build_near_host_ip + cidr)`
  },
}
