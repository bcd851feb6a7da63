// Networks through the built CLI on fake hosts: what each host offers, servers
// with NICs on them, the scheduler keeping to hosts that have them, and bad
// asks refused before anything is recorded.
import { describe, expect, it } from 'vitest'
import type { DryRunView } from '../../src/cli/dry-run.js'
import type { NetworkView } from '../../src/cli/views-networks.js'
import type { ServerView } from '../../src/cli/views.js'
import { fakeCluster } from '../helpers/cli.js'

const boot = ['--flavor', 'm1.tiny', '--image', 'tiny']
// a: user only; b: a LAN bridge; c: the bridge and a libvirt network.
const cluster = () => fakeCluster([['a'], ['b', '--property', 'networks=br-lan'], ['c', '--property', 'networks=br-lan:bridge,lab:libvirt']])

describe('network list and show', () => {
  it('lists every network with its type and the hosts offering it, user on all of them', async () => {
    const cli = await cluster()
    const r = await cli.run('network', 'list')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Name\s*│\s*Type\s*│\s*Hosts/)
    expect(r.stdout).toMatch(/│ user\s+│ user\s+│ a, b, c\s+│/)
    expect(r.stdout).toMatch(/│ br-lan\s+│ bridge\s+│ b, c\s+│/)
    expect(r.stdout).toMatch(/│ lab\s+│ libvirt\s+│ c\s+│/)
    expect((await cli.run('network', 'list', '--host', 'b', '-f', 'value', '-c', 'Name')).stdout.split('\n')).toEqual(['user', 'br-lan'])
    const all = await cli.json<NetworkView[]>('network', 'list')
    expect(all.map((n) => n.name)).toEqual(['user', 'br-lan', 'lab'])
    const lab = await cli.json<NetworkView>('network', 'show', 'lab')
    expect(lab).toEqual({ name: 'lab', type: 'libvirt', hosts: [{ host: 'c', type: 'libvirt', status: 'ACTIVE' }] })
    const missing = await cli.run('network', 'show', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No host offers a network named "nope"/)
  })
})

describe('server create --network and --nic', () => {
  it('gives a server a NIC per network, in order, each with its own MAC, on a host offering them all; addresses come from the host', async () => {
    const cli = await cluster()
    const s = await cli.json<ServerView>('server', 'create', 'nas', ...boot, '--network', 'user', '--network', 'br-lan', '--wait')
    expect(s.status).toBe('ACTIVE')
    expect(['b', 'c']).toContain(s.host)
    const state = cli.state()
    const server = state.servers.find((x) => x.name === 'nas')!
    expect(server.nics.map((n) => n.network)).toEqual(['user', 'br-lan'])
    expect(new Set(server.nics.map((n) => n.mac)).size).toBe(2)
    expect(state.requestSpecs.find((r) => r.instanceId === server.id)!.networks).toEqual(['user', 'br-lan'])
    // The user NIC's address is known; the bridged one is what the (simulated) host's DHCP lease says.
    expect(server.addresses.user).toEqual([{ addr: '10.0.2.15', version: 4, type: 'fixed', mac: server.nics[0].mac }])
    expect(server.addresses['br-lan']).toEqual([expect.objectContaining({ addr: expect.stringMatching(/^192\.0\.2\.\d+$/), mac: server.nics[1].mac })])
    const list = await cli.run('server', 'list', '-f', 'value', '-c', 'Name', '-c', 'Networks')
    expect(list.stdout).toBe(`nas user=10.0.2.15; br-lan=${server.addresses['br-lan'][0].addr}`)
    const show = await cli.json<ServerView>('server', 'show', 'nas')
    expect(Object.keys(show.addresses)).toEqual(['user', 'br-lan'])
  })

  it("takes openstack's --nic with a fixed address and MAC, and --nic none", async () => {
    const cli = await cluster()
    const s = await cli.json<ServerView>('server', 'create', 'dns', ...boot, '--nic', 'net-id=lab,v4-fixed-ip=10.20.0.7/24,mac=fa:16:3e:12:34:56', '--wait')
    expect(s.host).toBe('c')
    const dns = cli.state().servers.find((x) => x.name === 'dns')!
    expect(dns.nics).toEqual([{ network: 'lab', mac: 'fa:16:3e:12:34:56', fixedIp: '10.20.0.7/24' }])
    expect(dns.addresses).toEqual({ lab: [{ addr: '10.20.0.7', version: 4, type: 'fixed', mac: 'fa:16:3e:12:34:56' }] })
    const bare = await cli.json<ServerView>('server', 'create', 'bare', ...boot, '--nic', 'none', '--wait')
    expect(bare.status).toBe('ACTIVE')
    expect(cli.state().servers.find((x) => x.name === 'bare')).toMatchObject({ nics: [], addresses: {} })
    // Without --network or --nic: the user network, as always.
    await cli.json('server', 'create', 'plain', ...boot, '--wait')
    expect(cli.state().servers.find((x) => x.name === 'plain')!.nics.map((n) => n.network)).toEqual(['user'])
  })

  it('refuses an unknown network, a bad --nic, a fixed address on user or for several servers, a MAC in use, leaving the store byte for byte', async () => {
    const cli = await cluster()
    await cli.json('server', 'create', 'first', ...boot, '--nic', 'net-id=br-lan,mac=fa:16:3e:00:00:aa', '--wait')
    const before = cli.stateBytes()
    const refused: Array<[string[], RegExp]> = [
      [['--network', 'nope'], /No host offers a network named "nope".*\n.*Networks: user, br-lan, lab/],
      [['--nic', 'net-id=br-lan,port-id=p1'], /unknown key "port-id"/],
      [['--nic', 'net-id=user,v4-fixed-ip=10.0.2.20'], /The user network takes no v4-fixed-ip or mac/],
      [['--nic', 'net-id=br-lan,v4-fixed-ip=192.168.1.999'], /is not an IPv4 address/],
      [['--nic', 'net-id=br-lan,v4-fixed-ip=192.168.1.5', '--max', '2'], /cannot be given to several servers at once/],
      [['--nic', 'net-id=br-lan,mac=fa:16:3e:00:00:aa'], /MAC fa:16:3e:00:00:aa is already used by server first/],
      [['--nic', 'none', '--network', 'user'], /--nic none cannot be combined/],
    ]
    for (const [flags, message] of refused) {
      const r = await cli.run('server', 'create', 'x', ...boot, ...flags)
      expect(r.code, flags.join(' ')).toBe(1)
      expect(r.stderr, flags.join(' ')).toMatch(message)
      expect(cli.stateBytes(), flags.join(' ')).toBe(before)
    }
  })
})

describe('the scheduler and networks', () => {
  it('skips hosts without a network asked for, and the dry run says so', async () => {
    const cli = await cluster()
    const view = await cli.json<DryRunView>('server', 'create', 'x', ...boot, '--network', 'br-lan', '--dry-run')
    expect(view.hosts.find((h) => h.host === 'a')).toMatchObject({ passed: false, rejected_by: 'NetworkFilter', reason: 'does not offer network br-lan' })
    expect(view.hosts.filter((h) => h.passed).map((h) => h.host).sort()).toEqual(['b', 'c'])
    const text = await cli.run('server', 'create', 'x', ...boot, '--network', 'lab', '--dry-run')
    expect(text.stdout).toMatch(/a\s*│\s*NetworkFilter\s*│\s*does not offer network lab/)
    expect(text.stdout).toMatch(/Chosen: c/)
    // Five servers on lab all go to c, the one host with it.
    await cli.json('server', 'create', 'web', ...boot, '--network', 'lab', '--max', '5', '--wait')
    expect(new Set(cli.state().servers.map((s) => cli.state().hosts.find((h) => h.id === s.host)!.name))).toEqual(new Set(['c']))
  })

  it('fails the build with No valid host when the only host with the network cannot take it, naming NetworkFilter', async () => {
    const cli = await cluster()
    await cli.json('host', 'set', 'c', '--disable')
    const r = await cli.run('server', 'create', 'x', ...boot, '--network', 'lab', '--wait')
    expect(r.code).toBe(1)
    const fault = cli.state().servers.find((s) => s.name === 'x')!.fault!
    expect(fault.details).toMatch(/NetworkFilter removed 2 of 3 hosts \(a: does not offer network lab; b: does not offer network lab\)/)
    expect(fault.details).toMatch(/ComputeFilter removed 1 of 3 hosts \(c: compute service is disabled/)
  })
})
