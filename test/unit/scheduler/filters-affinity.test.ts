// Ports of Nova's test_affinity_filters: DifferentHostFilter, SameHostFilter,
// SimpleCIDRAffinityFilter and the server group (anti-)affinity filters.
import { describe, expect, it } from 'vitest'
import {
  differentHostFilter,
  parseIp,
  parseNetwork,
  sameHostFilter,
  serverGroupAffinityFilter,
  serverGroupAntiAffinityFilter,
  simpleCidrAffinityFilter,
} from '../../../src/core/scheduler/filters/affinity.js'
import { consume, type PlacedServer } from '../../../src/core/scheduler/host-state.js'
import type { RequestSpec, SchedulerHints } from '../../../src/core/scheduler/request.js'
import type { ServerGroup } from '../../../src/core/store/schema.js'
import { makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const placed = (id: string): PlacedServer => ({ id, name: id, projectId: 'p', imageId: 'i' })
/** host1 (or another name) running servers with these ids. */
const hostWith = (ids: string[], name = 'host1') => makeHostState(makeHost(name), { instances: new Map(ids.map((id) => [id, placed(id)])) })
const hinted = (hints: SchedulerHints) => makeSpec({ hints })
type Group = NonNullable<RequestSpec['group']>
const makeGroup = (policy: ServerGroup['policy'], extra: Partial<Group> = {}): Group => ({
  id: 'g1', name: 'web', policy, rules: {}, memberIds: [], projectId: 'p', createdAt: '', hosts: [], ...extra,
})
const config = makeConfig()

describe('DifferentHostFilter', () => {
  const run = (hs: ReturnType<typeof hostWith>, hints: SchedulerHints) => differentHostFilter.reject(hs, hinted(hints), config)
  it('passes a host with none of the named servers', () => expect(run(hostWith(['inst1']), { different_host: ['same'] })).toBeNull())
  it('rejects a host running a named server, naming it', () =>
    expect(run(hostWith(['inst1']), { different_host: ['inst1'] })).toBe('has server inst1, which the different_host hint names'))
  it('passes every host without the hint or with an empty list', () => {
    expect(run(hostWith(['inst1']), {})).toBeNull()
    expect(run(hostWith(['inst1']), { different_host: [] })).toBeNull()
  })
  it('finds a named server when the hint lists more servers than the host runs', () => {
    const many = Array.from({ length: 50 }, (_, i) => `s${i}`)
    expect(run(hostWith(['x', 's42']), { different_host: many })).toContain('s42')
    expect(run(hostWith(['x', 'y']), { different_host: many })).toBeNull()
  })
})

describe('SameHostFilter', () => {
  const run = (hs: ReturnType<typeof hostWith>, hints: SchedulerHints) => sameHostFilter.reject(hs, hinted(hints), config)
  it('passes a host running a named server', () => expect(run(hostWith(['inst1']), { same_host: ['inst1'] })).toBeNull())
  it('rejects a host with no servers at all', () =>
    expect(run(hostWith([]), { same_host: ['same'] })).toBe('has none of the servers the same_host hint names (same)'))
  it('rejects a host running only other servers', () => expect(run(hostWith(['inst1']), { same_host: ['same'] })).not.toBeNull())
  it('passes every host without the hint or with an empty list', () => {
    expect(run(hostWith(['inst1']), {})).toBeNull()
    expect(run(hostWith([]), { same_host: [] })).toBeNull()
  })
  it('passes a host running any one of several named servers, from either side of the lookup', () => {
    expect(run(hostWith(['a', 'b', 'c']), { same_host: ['zz', 'c'] })).toBeNull()
    expect(run(hostWith(['c']), { same_host: ['zz', 'yy', 'c'] })).toBeNull()
  })
  it('names at most three of a long same_host list in the reason', () =>
    expect(run(hostWith([]), { same_host: ['a', 'b', 'c', 'd', 'e'] })).toBe('has none of the servers the same_host hint names (a, b, c and 2 more)'))
})

describe('SimpleCIDRAffinityFilter', () => {
  const run = (hostIp: string, hints: SchedulerHints) =>
    simpleCidrAffinityFilter.reject(makeHostState(makeHost('host1'), { host_ip: hostIp }), hinted(hints), config)
  it('passes a host inside build_near_host_ip/24', () => expect(run('10.8.1.1', { cidr: '/24', build_near_host_ip: '10.8.1.100' })).toBeNull())
  it('rejects a host outside build_near_host_ip/32', () =>
    expect(run('10.8.1.1', { cidr: '/32', build_near_host_ip: '10.8.1.100' })).toBe(
      'host_ip 10.8.1.1 is outside 10.8.1.100/32 (build_near_host_ip + cidr)',
    ))
  it('passes every host without build_near_host_ip, even with a cidr', () => {
    expect(run('10.8.1.1', {})).toBeNull()
    expect(run('10.8.1.1', { cidr: '/32' })).toBeNull()
  })
  it("defaults cidr to '/24'", () => {
    expect(run('10.8.1.250', { build_near_host_ip: '10.8.1.100' })).toBeNull()
    expect(run('10.8.2.1', { build_near_host_ip: '10.8.1.100' })).toContain('outside 10.8.1.100/24')
  })
  it('matches IPv6 hosts against an IPv6 network', () => {
    expect(run('2001:db8:0:1::99', { build_near_host_ip: '2001:db8:0:1::1', cidr: '/64' })).toBeNull()
    expect(run('2001:db8:0:2::99', { build_near_host_ip: '2001:db8:0:1::1', cidr: '/64' })).not.toBeNull()
  })
  it('never matches across IP versions, IPv4-mapped addresses included', () => {
    expect(run('10.8.1.1', { build_near_host_ip: '::ffff:10.8.1.1', cidr: '/96' })).not.toBeNull()
    expect(run('::ffff:10.8.1.1', { build_near_host_ip: '10.8.1.1' })).not.toBeNull()
    expect(run('10.0.0.1', { build_near_host_ip: '::', cidr: '/0' })).not.toBeNull()
    expect(run('::5', { build_near_host_ip: '0.0.0.9' })).not.toBeNull()
  })
  it('accepts an IPv4 netmask or hostmask as the cidr, as netaddr does', () => {
    expect(run('10.8.1.1', { build_near_host_ip: '10.8.1.100', cidr: '/255.255.255.0' })).toBeNull()
    expect(run('10.8.1.1', { build_near_host_ip: '10.8.1.100', cidr: '/0.0.0.255' })).toBeNull()
    expect(run('10.8.2.1', { build_near_host_ip: '10.8.1.100', cidr: '/255.255.255.0' })).not.toBeNull()
  })
  it('joins the two hints as text: an empty cidr means the one address, a cidr without "/" is not a network', () => {
    expect(run('10.8.1.100', { build_near_host_ip: '10.8.1.100', cidr: '' })).toBeNull()
    expect(run('10.8.1.1', { build_near_host_ip: '10.8.1.100', cidr: '' })).not.toBeNull()
    expect(run('10.8.1.1', { build_near_host_ip: '10.8.1.100', cidr: '24' })).toBe(
      'build_near_host_ip + cidr gives 10.8.1.10024, which is not a network',
    )
  })
  it('rejects a host whose host_ip is not an address (Nova raises)', () =>
    expect(run('not-an-ip', { build_near_host_ip: '10.8.1.100' })).toBe('host_ip not-an-ip is not an IP address'))
  it('re-reads hints changed after the network was cached', () => {
    const hints: SchedulerHints = { build_near_host_ip: '10.8.1.100', cidr: '/32' }
    const hs = makeHostState(makeHost('host1'), { host_ip: '10.8.1.1' })
    expect(simpleCidrAffinityFilter.reject(hs, hinted(hints), config)).not.toBeNull()
    hints.cidr = '/24'
    expect(simpleCidrAffinityFilter.reject(hs, hinted(hints), config)).toBeNull()
  })
  it('parses addresses and networks like netaddr, refusing what it refuses', () => {
    expect(parseIp('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIp('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x0102, 0x0304])
    expect(parseIp('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0])
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8::', '1:2:3', '12345::', '256.1.1.1', '1.2.3', '01.2.3.4', '']) expect(parseIp(bad)).toBeNull()
    expect(parseNetwork('10.0.0.1/33')).toBeNull()
    expect(parseNetwork('10.0.0.1/255.0.255.0')).toBeNull()
    expect(parseNetwork('10.0.0.1/0')).toEqual({ words: [0x0a00, 1], prefix: 0 })
    expect(parseNetwork('::1/129')).toBeNull()
  })
})

describe('ServerGroupAntiAffinityFilter', () => {
  const run = (hs: ReturnType<typeof hostWith>, group?: Group) => serverGroupAntiAffinityFilter.reject(hs, makeSpec({ group }), config)
  it('passes without a group, with another policy, with no members, and whatever group.hosts says', () => {
    const hs = hostWith([])
    expect(run(hs)).toBeNull()
    expect(run(hs, makeGroup('affinity', { hosts: ['host1'] }))).toBeNull()
    expect(run(hostWith(['m1']), makeGroup('soft-anti-affinity', { hosts: ['host1'], memberIds: ['m1'] }))).toBeNull()
    expect(run(hs, makeGroup('anti-affinity', { hosts: [] }))).toBeNull()
    expect(run(hs, makeGroup('anti-affinity', { hosts: ['host2'] }))).toBeNull()
  })
  it('rejects a host already running a member (max_server_per_host defaults to 1)', () =>
    expect(run(hostWith(['inst1']), makeGroup('anti-affinity', { hosts: ['host1'], memberIds: ['inst1'] }))).toBe(
      'already has a member of anti-affinity server group web (max_server_per_host 1)',
    ))
  it('rejects a host whose members reach max_server_per_host', () => {
    const hs = hostWith(['inst1', 'inst2'])
    expect(run(hs, makeGroup('anti-affinity', { rules: { max_server_per_host: 1 }, memberIds: ['inst1'] }))).not.toBeNull()
    expect(run(hs, makeGroup('anti-affinity', { rules: { max_server_per_host: 2 }, memberIds: ['inst1', 'inst2'] }))).toBe(
      'already has 2 members of anti-affinity server group web (max_server_per_host 2)',
    )
  })
  it('counts only members among the host instances, not the host itself being in group.hosts', () => {
    const hs = hostWith(['inst1', 'inst2'])
    expect(run(hs, makeGroup('anti-affinity', { rules: { max_server_per_host: 1 }, hosts: ['host1'], memberIds: [] }))).toBeNull()
    expect(run(hs, makeGroup('anti-affinity', { rules: { max_server_per_host: 2 }, hosts: ['host1'], memberIds: ['inst1'] }))).toBeNull()
  })
  it('sees an earlier pick of the same request once it is on the host as a member', () => {
    const hs = hostWith([])
    const group = makeGroup('anti-affinity', { memberIds: ['new1', 'new2'] })
    expect(run(hs, group)).toBeNull()
    consume(hs, { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }, placed('new1'))
    expect(run(hs, group)).not.toBeNull()
  })
  it('sees members added to the group during the request', () => {
    const hs = hostWith(['pending-0'])
    const group = makeGroup('anti-affinity', { memberIds: ['a'] })
    expect(run(hs, group)).toBeNull()
    group.memberIds.push('pending-0')
    expect(run(hs, group)).not.toBeNull()
  })
})

describe('ServerGroupAffinityFilter', () => {
  const run = (name: string, group?: Group) => serverGroupAffinityFilter.reject(hostWith([], name), makeSpec({ group }), config)
  it('passes without a group, with another policy, or on a host of the group', () => {
    expect(run('host1')).toBeNull()
    expect(run('host1', makeGroup('anti-affinity', { hosts: ['host2'] }))).toBeNull()
    expect(run('host1', makeGroup('soft-affinity', { hosts: ['host2'] }))).toBeNull()
    expect(run('host1', makeGroup('affinity', { hosts: ['host1'] }))).toBeNull()
  })
  it('passes every host while the group has no hosts (its first member)', () => expect(run('host1', makeGroup('affinity'))).toBeNull())
  it('rejects a host the group is not on, naming where it is', () =>
    expect(run('host1', makeGroup('affinity', { hosts: ['host2', 'host2'] }))).toBe('server group web (affinity) has its members on host2'))
  it('follows group.hosts as picks of the same request are appended', () => {
    const group = makeGroup('affinity', { hosts: ['host2'] })
    expect(run('host1', group)).not.toBeNull()
    group.hosts.push('host1')
    expect(run('host1', group)).toBeNull()
  })
})
