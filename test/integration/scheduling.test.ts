// Scheduling through the built CLI: dry runs, server groups, zones, traits,
// forced hosts, multi-create and reschedule, each checked the way an operator
// would (what the command says, where servers land, what is allocated).
import { describe, expect, it } from 'vitest'
import type { DryRunView } from '../../src/cli/dry-run.js'
import type { ServerView } from '../../src/cli/views.js'
import { fakeCluster } from '../helpers/cli.js'

const cluster = fakeCluster
const boot = ['--flavor', 'm1.tiny', '--image', 'tiny']

describe('server create --dry-run', () => {
  it('explains every host as data and records nothing', async () => {
    const cli = await cluster([['big', '--ram', '16384'], ['small', '--ram', '8192'], ['off']])
    await cli.json('host', 'set', 'off', '--disable', '--disable-reason', 'maintenance')
    const before = cli.stateBytes()
    const view = await cli.json<DryRunView>('server', 'create', 'x', ...boot, '--dry-run')
    expect(cli.stateBytes()).toBe(before)
    expect(view.chosen).toEqual(['big'])
    expect(view.failure).toBeNull()
    const off = view.hosts.find((h) => h.host === 'off')!
    expect(off).toMatchObject({ passed: false, rejected_by: 'ComputeFilter', reason: 'compute service is disabled (maintenance)', total: null })
    const big = view.hosts.find((h) => h.host === 'big')!
    expect(big.passed).toBe(true)
    expect(big.weights.RAMWeigher).toBe(1)
    expect(big.total).toBeGreaterThan(view.hosts.find((h) => h.host === 'small')!.total!)
  })

  it('says, when nothing fits, how many hosts each check removed and what to change', async () => {
    const cli = await cluster([['a', '--ram', '2048'], ['b', '--ram', '2048']])
    const r = await cli.run('server', 'create', 'x', '--flavor', 'm1.large', '--image', 'tiny', '--dry-run')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/No valid host was found: Placement removed 2 of 2 hosts \(a: needs 8192 MB RAM/)
    expect(r.stdout).toMatch(/To fix: free or add capacity/)
  })
})

describe('server groups and multi-create', () => {
  it('spreads an anti-affinity group of three over three hosts in one request', async () => {
    const cli = await cluster([['h1'], ['h2'], ['h3']])
    await cli.json('server', 'group', 'create', 'web', '--policy', 'anti-affinity')
    const servers = await cli.json<ServerView[]>('server', 'create', 'web', ...boot, '--max', '3', '--server-group', 'web', '--wait')
    expect(servers.map((s) => s.name)).toEqual(['web-1', 'web-2', 'web-3'])
    expect(servers.every((s) => s.status === 'ACTIVE')).toBe(true)
    expect(new Set(servers.map((s) => s.host)).size).toBe(3)
    const group = await cli.json<{ members: string[] }>('server', 'group', 'show', 'web')
    expect(group.members.sort()).toEqual(servers.map((s) => s.id).sort())
  })

  it('creates none of the servers when not all fit, and holds no claims', async () => {
    const cli = await cluster([['h1'], ['h2']])
    await cli.json('server', 'group', 'create', 'web', '--policy', 'anti-affinity')
    const r = await cli.run('server', 'create', 'web', ...boot, '--min', '3', '--max', '3', '--hint', 'group=web', '--wait')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/3 servers are in ERROR: No valid host was found\. instance 3 of 3: ServerGroupAntiAffinityFilter removed 2 of 2 hosts/)
    expect(cli.state().allocations).toEqual([])
    expect((await cli.json<ServerView[]>('server', 'list')).map((s) => s.status)).toEqual(['ERROR', 'ERROR', 'ERROR'])
  })

  it('keeps servers of a different_host hint apart', async () => {
    const cli = await cluster([['h1', '--ram', '16384'], ['h2', '--ram', '8192']])
    await cli.json('config', 'set', 'enabled_filters', 'ComputeFilter,DifferentHostFilter')
    const first = await cli.json<ServerView>('server', 'create', 'db', ...boot, '--wait')
    const second = await cli.json<ServerView>('server', 'create', 'db2', ...boot, '--hint', 'different_host=db', '--wait')
    expect(first.host).toBe('h1')
    expect(second.host).toBe('h2')
  })
})

describe('zones, forced hosts and traits', () => {
  it('forces a host with ZONE:HOST past the filters but not past the resource claim', async () => {
    const cli = await cluster([['a'], ['b', '--ram', '1024']])
    await cli.json('host', 'set', 'a', '--disable')
    const forced = await cli.json<ServerView>('server', 'create', 'x', ...boot, '--availability-zone', 'nova:a', '--wait')
    expect(forced.host).toBe('a')
    const r = await cli.run('server', 'create', 'y', '--flavor', 'm1.small', '--image', 'tiny', '--host', 'b', '--wait')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Placement removed 1 of 2 hosts \(b: needs 2048 MB RAM/)
  })

  it('places a flavor that requires a trait only on hosts that have it', async () => {
    const cli = await cluster([['plain', '--ram', '65536'], ['ssd', '--trait', 'CUSTOM_STORAGE_SSD']])
    await cli.json('flavor', 'create', 'fast', '--vcpus', '1', '--ram', '512', '--disk', '1')
    await cli.json('flavor', 'set', 'fast', '--property', 'trait:CUSTOM_STORAGE_SSD=required')
    const s = await cli.json<ServerView>('server', 'create', 'x', '--flavor', 'fast', '--image', 'tiny', '--wait')
    expect(s.host).toBe('ssd')
    const candidates = await cli.json<Array<{ provider: string }>>('allocation', 'candidate', 'list', '--resource', 'VCPU=1', '--required', 'CUSTOM_STORAGE_SSD')
    expect(candidates.map((c) => c.provider)).toEqual(['ssd'])
  })

  it('puts a host in a zone through an aggregate and refuses a second zone', async () => {
    const cli = await cluster([['a'], ['b']])
    await cli.json('aggregate', 'create', 'rack1', '--zone', 'az1')
    await cli.json('aggregate', 'add', 'host', 'rack1', 'b')
    await cli.json('config', 'set', 'enabled_filters', 'ComputeFilter,AvailabilityZoneFilter')
    const s = await cli.json<ServerView>('server', 'create', 'x', ...boot, '--availability-zone', 'az1', '--wait')
    expect(s.host).toBe('b')
    await cli.json('aggregate', 'create', 'rack2', '--zone', 'az2')
    const before = cli.stateBytes()
    const r = await cli.run('aggregate', 'add', 'host', 'rack2', 'b')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/already in availability zone az1/)
    expect(cli.stateBytes()).toBe(before)
  })
})

describe('reschedule', () => {
  it('retries a failed build on an alternate host and remembers the failure', async () => {
    const cli = await cluster([['bad', '--ram', '65536', '--property', 'simulate_spawn_failure=true'], ['good', '--ram', '8192']])
    const r = await cli.run('server', 'create', 'x', ...boot, '--wait', '--json')
    expect(r.code, r.stderr).toBe(0)
    const s = JSON.parse(r.stdout) as ServerView
    expect(s).toMatchObject({ status: 'ACTIVE', host: 'good' })
    const state = cli.state()
    expect(state.hosts.find((h) => h.name === 'bad')!.failedBuilds).toBe(1)
    expect(state.allocations.map((a) => a.providerId)).toEqual([state.hosts.find((h) => h.name === 'good')!.id])
    const view = await cli.json<DryRunView>('server', 'create', 'y', ...boot, '--dry-run')
    expect(view.chosen).toEqual(['good'])
    expect(view.hosts.find((h) => h.host === 'bad')!.weights.BuildFailureWeigher).toBe(-1000000)
  })
})

describe('placement commands', () => {
  it('changes capacity through the allocation ratio and refuses going below usage', async () => {
    const cli = await cluster([['a', '--vcpus', '2']])
    await cli.json('server', 'create', 'x', '--flavor', 'm1.medium', '--image', 'tiny', '--wait')
    const inv = await cli.json<Record<string, { capacity: number; used: number }>>('resource', 'provider', 'inventory', 'set', 'a', '--resource', 'VCPU:allocation_ratio=2.0')
    expect(inv.VCPU).toMatchObject({ capacity: 4, used: 2 })
    const before = cli.stateBytes()
    const r = await cli.run('resource', 'provider', 'inventory', 'set', 'a', '--resource', 'VCPU:allocation_ratio=0.5')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/VCPU capacity would be 1, less than the 2 already allocated/)
    expect(cli.stateBytes()).toBe(before)
    expect(await cli.json('resource', 'provider', 'usage', 'show', 'a')).toEqual({ VCPU: 2, MEMORY_MB: 4096, DISK_GB: 40 })
  })
})

describe('host refresh and aggregate membership', () => {
  it('re-probes a host keeping operator-set traits and ratios', async () => {
    const cli = await cluster([['a', '--trait', 'CUSTOM_GPU']])
    await cli.json('resource', 'provider', 'inventory', 'set', 'a', '--resource', 'VCPU:allocation_ratio=2.0')
    await cli.json('host', 'refresh', 'a')
    const rp = await cli.json<{ traits: string[]; inventories: { VCPU: { allocation_ratio: number } } }>('resource', 'provider', 'show', 'a')
    expect(rp.traits).toEqual(['COMPUTE_NODE', 'CUSTOM_GPU', 'CUSTOM_HYPERVISOR_TYPE_FAKE', 'HW_ARCH_X86_64'])
    expect(rp.inventories.VCPU.allocation_ratio).toBe(2)
  })

  it('lists allocation candidates of one aggregate with --member-of', async () => {
    const cli = await cluster([['a'], ['b'], ['c']])
    await cli.json('aggregate', 'create', 'rack1')
    await cli.json('aggregate', 'add', 'host', 'rack1', 'b')
    const all = await cli.json<Array<{ provider: string }>>('allocation', 'candidate', 'list', '--resource', 'MEMORY_MB=1024')
    expect(all.map((c) => c.provider)).toEqual(['a', 'b', 'c'])
    const rack = await cli.json<Array<{ provider: string }>>('allocation', 'candidate', 'list', '--resource', 'MEMORY_MB=1024', '--member-of', 'rack1')
    expect(rack.map((c) => c.provider)).toEqual(['b'])
  })
})

describe('requests refused before anything is recorded', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown hint', ['server', 'create', 'x', ...boot, '--hint', 'colour=blue'], /Unknown scheduler hint "colour"/],
    ['a malformed query', ['server', 'create', 'x', ...boot, '--hint', 'query=[">=", "$free_ram_mb"'], /Malformed scheduler hint query/],
    ['an unknown query operator', ['server', 'create', 'x', ...boot, '--hint', 'query=["~~", "$free_ram_mb", 1]'], /Malformed scheduler hint query/],
    ['a different_host server that does not exist', ['server', 'create', 'x', ...boot, '--hint', 'different_host=ghost'], /No server named or with ID "ghost"/],
    ['a hint whose filter is not enabled', ['server', 'create', 'x', ...boot, '--hint', 'same_host=a'], /same_host needs SameHostFilter, which is not enabled/],
    ['a group whose policy filter is not enabled', ['server', 'create', 'x', ...boot, '--hint', 'group=together'], /policy affinity, but ServerGroupAffinityFilter is not enabled/],
    ['a negative count', ['server', 'create', 'x', ...boot, '--max', '-2'], /--max must be a whole number >= 1|Expected an integer greater than or equal to/],
    ['min larger than max', ['server', 'create', 'x', ...boot, '--min', '3', '--max', '2'], /--min 3 is larger than --max 2/],
    ['an unknown zone', ['server', 'create', 'x', ...boot, '--availability-zone', 'mars'], /No availability zone "mars"/],
    ['an unknown forced host', ['server', 'create', 'x', ...boot, '--host', 'ghost'], /No host named "ghost"/],
    ['a bad group rule', ['server', 'group', 'create', 'g2', '--policy', 'affinity', '--rule', 'max_server_per_host=2'], /applies to the anti-affinity policy only/],
    ['an unknown setting', ['config', 'set', 'colour', 'blue'], /Unknown setting colour/],
    ['an unknown filter', ['config', 'set', 'enabled_filters', 'ComputeFilter,NoSuchFilter'], /Unknown filter NoSuchFilter/],
    ['a bad trait name', ['resource', 'provider', 'trait', 'set', 'a', '--trait', 'lower-case'], /Invalid trait name/],
    ['a bad trait value in a flavor', ['flavor', 'set', 'm1.tiny', '--property', 'trait:CUSTOM_X=maybe'], /"required" or "forbidden"/],
  ]
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, async () => {
      const cli = await cluster([['a']])
      await cli.json('server', 'group', 'create', 'together', '--policy', 'affinity')
      await cli.json('config', 'set', 'enabled_filters', 'ComputeFilter,JsonFilter,DifferentHostFilter')
      const before = cli.stateBytes()
      const r = await cli.run(...args)
      expect(r.code, r.stdout).not.toBe(0)
      expect(r.stderr).toMatch(message)
      expect(cli.stateBytes()).toBe(before)
    })
  }
})
