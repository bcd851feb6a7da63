// Nova's host weighers and weight normalization, case by case after Nova's own
// unit tests (tests/unit/test_weights.py, tests/unit/scheduler/weights/*).
import { describe, expect, it } from 'vitest'
import type { SchedulerConfig } from '../../../src/core/scheduler/config.js'
import type { HostState, PlacedServer } from '../../../src/core/scheduler/host-state.js'
import type { RequestSpec } from '../../../src/core/scheduler/request.js'
import type { Aggregate, ServerGroup } from '../../../src/core/store/schema.js'
import { serverGroupSoftAffinityWeigher, serverGroupSoftAntiAffinityWeigher } from '../../../src/core/scheduler/weighers/affinity.js'
import { buildFailureWeigher } from '../../../src/core/scheduler/weighers/build-failure.js'
import { cpuWeigher } from '../../../src/core/scheduler/weighers/cpu.js'
import { diskWeigher } from '../../../src/core/scheduler/weighers/disk.js'
import { enabledWeighers, WEIGHERS } from '../../../src/core/scheduler/weighers/index.js'
import { ioOpsWeigher } from '../../../src/core/scheduler/weighers/io-ops.js'
import { pythonFloat, weightMultiplier } from '../../../src/core/scheduler/weighers/multiplier.js'
import { normalize } from '../../../src/core/scheduler/weighers/normalize.js'
import { numInstancesWeigher } from '../../../src/core/scheduler/weighers/num-instances.js'
import { ramWeigher } from '../../../src/core/scheduler/weighers/ram.js'
import type { HostWeigher } from '../../../src/core/scheduler/weighers/types.js'
import { makeAggregate, makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

interface Weighed {
  host: string
  weight: number
}

// Nova's HostWeightHandler.get_weighed_objects: every host starts at 0.0; with
// two or more hosts each weigher's raw weights are normalized (our normalize
// also clamps to minval/maxval, as Nova's weigh_objects does), multiplied by
// the per-host multiplier and summed; then a stable sort, heaviest first.
function weighHosts(weighers: HostWeigher[], hosts: HostState[], config: SchedulerConfig = makeConfig(), spec: RequestSpec = makeSpec()): Weighed[] {
  const totals = hosts.map(() => 0)
  if (hosts.length > 1) {
    for (const w of weighers) {
      const norm = normalize(hosts.map((h) => w.weigh(h, spec, config)), w.minval, w.maxval)
      hosts.forEach((h, i) => (totals[i] += w.multiplier(config, h) * norm[i]))
    }
  }
  return hosts.map((h, i) => ({ host: h.host_name, weight: totals[i] })).sort((a, b) => b.weight - a.weight)
}

/** Host states named host1..hostN with Nova attributes overridden, like Nova's FakeHostState. */
function hostsWith(values: Array<Partial<HostState>>): HostState[] {
  return values.map((v, i) => makeHostState(makeHost(`host${i + 1}`), v))
}

/** An aggregate holding a weight multiplier (its host list does not matter: the host state's aggregates do). */
function aggWith(metadata: Record<string, string>, name = 'foo'): Aggregate {
  return makeAggregate(name, [], metadata)
}

function withAggregates(hosts: HostState[], aggregates: Aggregate[]): HostState[] {
  for (const h of hosts) h.aggregates = aggregates
  return hosts
}

describe('normalize (nova/weights.py normalize)', () => {
  it.each([
    { values: [], min: undefined, max: undefined, expected: [] },
    { values: [0, 0], min: undefined, max: undefined, expected: [0, 0] },
    { values: [1, 1], min: undefined, max: undefined, expected: [0, 0] },
    { values: [20, 50], min: undefined, max: undefined, expected: [0, 1] },
    { values: [20, 50], min: undefined, max: 100, expected: [0, 0.375] },
    { values: [20, 50], min: 0, max: undefined, expected: [0.4, 1] },
    { values: [20, 50], min: 0, max: 100, expected: [0.2, 0.5] },
  ])('maps $values with minval $min and maxval $max onto $expected', ({ values, min, max, expected }) => {
    expect(normalize(values, min, max)).toEqual(expected)
  })

  it('maps all values to 0 when the given bounds are equal, even if the values differ', () => {
    expect(normalize([3, 7], 5, 5)).toEqual([0, 0])
  })

  it('does not zero a lone value when a bound is set (only the weigh step skips a single host)', () => {
    expect(normalize([512], 0)).toEqual([1])
  })

  it('raises values below minval to it before normalizing, as weigh_objects clamps raw weights', () => {
    expect(normalize([-512, 512, 1024], 0)).toEqual([0, 0.5, 1])
  })

  it('lowers values above maxval to it before normalizing', () => {
    expect(normalize([50, 150], 0, 100)).toEqual([0.5, 1])
  })

  it('maps everything to 0 when every value is clamped up to minval', () => {
    expect(normalize([-300, -100], 0)).toEqual([0, 0])
  })
})

describe('weight multiplier lookup (scheduler/utils.get_weight_multiplier)', () => {
  const host = (): HostState => makeHostState()

  it('returns the config value when the host is in no aggregate', () => {
    expect(weightMultiplier(host(), 'ram_weight_multiplier', -1)).toBe(-1)
  })

  it('ignores aggregates whose metadata does not name the option', () => {
    const h = host()
    h.aggregates = [aggWith({ cpu_weight_multiplier: '5' }), aggWith({ availability_zone: 'az1' })]
    expect(weightMultiplier(h, 'ram_weight_multiplier', -1)).toBe(-1)
  })

  it('lets an aggregate override the config even with a larger value', () => {
    const h = host()
    h.aggregates = [aggWith({ ram_weight_multiplier: '3' })]
    expect(weightMultiplier(h, 'ram_weight_multiplier', 1)).toBe(3)
  })

  it('takes the smallest value when several aggregates set it', () => {
    const h = host()
    h.aggregates = [aggWith({ ram_weight_multiplier: '2' }), aggWith({ ram_weight_multiplier: '-0.5' }), aggWith({ ram_weight_multiplier: '1.5' })]
    expect(weightMultiplier(h, 'ram_weight_multiplier', 1)).toBe(-0.5)
  })

  it('falls back to the config value when any one aggregate value is not a float', () => {
    const h = host()
    h.aggregates = [aggWith({ ram_weight_multiplier: '1.5' }), aggWith({ ram_weight_multiplier: 'two' })]
    expect(weightMultiplier(h, 'ram_weight_multiplier', 7)).toBe(7)
  })

  it.each([
    [' 2.5 ', 2.5],
    ['1_000', 1000],
    ['1e3', 1000],
    ['1.', 1],
    ['.5', 0.5],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['+2', 2],
  ])('reads %j as Python float() does: %d', (text, value) => {
    expect(pythonFloat(text)).toBe(value)
  })

  it('reads nan as NaN', () => {
    expect(pythonFloat('NaN')).toBeNaN()
  })

  it.each(['', '0x10', '1__0', '_1', '.', '1e', 'in', '2 3', 'two'])('rejects %j as Python float() raises ValueError', (text) => {
    expect(pythonFloat(text)).toBeUndefined()
  })
})

// The multiplier cases every Nova weigher test repeats, for each weigher's option.
describe.each([
  { weigher: ramWeigher, option: 'ram_weight_multiplier' as const },
  { weigher: cpuWeigher, option: 'cpu_weight_multiplier' as const },
  { weigher: diskWeigher, option: 'disk_weight_multiplier' as const },
  { weigher: ioOpsWeigher, option: 'io_ops_weight_multiplier' as const },
  { weigher: numInstancesWeigher, option: 'num_instances_weight_multiplier' as const },
  { weigher: serverGroupSoftAffinityWeigher, option: 'soft_affinity_weight_multiplier' as const },
  { weigher: serverGroupSoftAntiAffinityWeigher, option: 'soft_anti_affinity_weight_multiplier' as const },
])('$weigher.name multiplier', ({ weigher, option }) => {
  const config = makeConfig({ [option]: -1 })

  it(`returns ${option} from the config by default`, () => {
    expect(weigher.multiplier(config, makeHostState())).toBe(-1)
  })

  it(`reads ${option} from aggregate metadata to override the config`, () => {
    const h = makeHostState()
    h.aggregates = [aggWith({ [option]: '2' })]
    expect(weigher.multiplier(config, h)).toBe(2)
  })

  it(`uses the smallest ${option} among conflicting aggregates`, () => {
    const h = makeHostState()
    h.aggregates = [aggWith({ [option]: '2' }), aggWith({ [option]: '1.5' }, 'bar')]
    expect(weigher.multiplier(config, h)).toBe(1.5)
  })
})

describe('RAMWeigher', () => {
  const hosts = (): HostState[] => hostsWith([{ free_ram_mb: 512 }, { free_ram_mb: 1024 }, { free_ram_mb: 3072 }, { free_ram_mb: 8192 }])

  it('spreads by default: the host with the most free RAM wins with weight 1.0', () => {
    expect(weighHosts([ramWeigher], hosts())[0]).toEqual({ host: 'host4', weight: 1 })
  })

  it('gives every host weight 0 with multiplier 0', () => {
    expect(weighHosts([ramWeigher], hosts(), makeConfig({ ram_weight_multiplier: 0 }))[0].weight).toBe(0)
  })

  it('scales the winner to the multiplier (2.0)', () => {
    expect(weighHosts([ramWeigher], hosts(), makeConfig({ ram_weight_multiplier: 2 }))[0]).toEqual({ host: 'host4', weight: 2 })
  })

  it('clamps negative free RAM to 0: that host loses with weight 0 and the others keep their scale', () => {
    const all = [...hosts(), makeHostState(makeHost('negative'), { free_ram_mb: -512 })]
    const weighed = weighHosts([ramWeigher], all)
    expect(weighed[0]).toEqual({ host: 'host4', weight: 1 })
    expect(weighed.at(-1)).toEqual({ host: 'negative', weight: 0 })
    expect(weighed.find((w) => w.host === 'host1')?.weight).toBe(512 / 8192)
  })

  it('uses the aggregate multiplier (1.5) over the config (-1.0) when weighing', () => {
    const all = withAggregates(hosts(), [aggWith({ ram_weight_multiplier: '1.5' })])
    expect(weighHosts([ramWeigher], all, makeConfig({ ram_weight_multiplier: -1 }))[0]).toEqual({ host: 'host4', weight: 1.5 })
  })
})

describe('CPUWeigher', () => {
  // Free vCPUs: 0, 2, 6 and 16 (8 at ratio 2.0).
  const hosts = (): HostState[] =>
    hostsWith([
      { vcpus_total: 8, vcpus_used: 8, cpu_allocation_ratio: 1 },
      { vcpus_total: 4, vcpus_used: 2, cpu_allocation_ratio: 1 },
      { vcpus_total: 6, vcpus_used: 0, cpu_allocation_ratio: 1 },
      { vcpus_total: 8, vcpus_used: 0, cpu_allocation_ratio: 2 },
    ])

  it('weighs free vCPUs counted with the allocation ratio: the host with the most wins with 1.0', () => {
    expect(weighHosts([cpuWeigher], hosts())[0]).toEqual({ host: 'host4', weight: 1 })
    expect(weighHosts([cpuWeigher], hosts()).find((w) => w.host === 'host3')?.weight).toBe(6 / 16)
  })

  it('gives every host weight 0 with multiplier 0', () => {
    expect(weighHosts([cpuWeigher], hosts(), makeConfig({ cpu_weight_multiplier: 0 }))[0].weight).toBe(0)
  })

  it('scales the winner to the multiplier (2.0)', () => {
    expect(weighHosts([cpuWeigher], hosts(), makeConfig({ cpu_weight_multiplier: 2 }))[0]).toEqual({ host: 'host4', weight: 2 })
  })

  it('stacks with a negative multiplier: the fullest host wins', () => {
    expect(weighHosts([cpuWeigher], hosts(), makeConfig({ cpu_weight_multiplier: -1 }))[0].host).toBe('host1')
  })

  it('clamps a host past its overcommit (-2 free) to 0: it loses with weight 0', () => {
    const all = [...hosts(), makeHostState(makeHost('negative'), { vcpus_total: 4, vcpus_used: 6, cpu_allocation_ratio: 1 })]
    const weighed = weighHosts([cpuWeigher], all)
    expect(weighed[0]).toEqual({ host: 'host4', weight: 1 })
    expect(weighed.at(-1)).toEqual({ host: 'negative', weight: 0 })
    expect(weighed.find((w) => w.host === 'host3')?.weight).toBe(6 / 16)
  })

  it('uses the aggregate multiplier (1.5) over the config (-1.0) when weighing', () => {
    const all = withAggregates(hosts(), [aggWith({ cpu_weight_multiplier: '1.5' })])
    expect(weighHosts([cpuWeigher], all, makeConfig({ cpu_weight_multiplier: -1 }))[0]).toEqual({ host: 'host4', weight: 1.5 })
  })

  it("reads the ratio from the host's VCPU inventory", () => {
    const host = makeHost('h', { vcpus: 4 })
    host.inventory.VCPU.allocationRatio = 4
    expect(cpuWeigher.weigh(makeHostState(host), makeSpec(), makeConfig())).toBe(16)
  })
})

describe('DiskWeigher', () => {
  const hosts = (): HostState[] => hostsWith([{ free_disk_mb: 5120 }, { free_disk_mb: 10240 }, { free_disk_mb: 30720 }, { free_disk_mb: 81920 }])

  it('spreads by default: the host with the most free disk wins with weight 1.0', () => {
    expect(weighHosts([diskWeigher], hosts())[0]).toEqual({ host: 'host4', weight: 1 })
  })

  it('gives every host weight 0 with multiplier 0', () => {
    expect(weighHosts([diskWeigher], hosts(), makeConfig({ disk_weight_multiplier: 0 }))[0].weight).toBe(0)
  })

  it('scales the winner to the multiplier (2.0)', () => {
    expect(weighHosts([diskWeigher], hosts(), makeConfig({ disk_weight_multiplier: 2 }))[0]).toEqual({ host: 'host4', weight: 2 })
  })

  it('clamps negative free disk to 0: that host loses with weight 0', () => {
    const all = [...hosts(), makeHostState(makeHost('negative'), { free_disk_mb: -5120 })]
    const weighed = weighHosts([diskWeigher], all)
    expect(weighed[0]).toEqual({ host: 'host4', weight: 1 })
    expect(weighed.at(-1)).toEqual({ host: 'negative', weight: 0 })
    expect(weighed.find((w) => w.host === 'host1')?.weight).toBe(5120 / 81920)
  })

  it('uses the aggregate multiplier (1.5) over the config (-1.0) when weighing', () => {
    const all = withAggregates(hosts(), [aggWith({ disk_weight_multiplier: '1.5' })])
    expect(weighHosts([diskWeigher], all, makeConfig({ disk_weight_multiplier: -1 }))[0]).toEqual({ host: 'host4', weight: 1.5 })
  })
})

describe('IoOpsWeigher', () => {
  const hosts = (): HostState[] => hostsWith([{ num_io_ops: 1 }, { num_io_ops: 2 }, { num_io_ops: 0 }, { num_io_ops: 4 }])

  it('prefers the idlest host by default (-1.0): it wins with weight 0, the others go negative', () => {
    const weighed = weighHosts([ioOpsWeigher], hosts())
    expect(weighed[0]).toEqual({ host: 'host3', weight: 0 })
    expect(weighed.at(-1)).toEqual({ host: 'host4', weight: -1 })
    expect(weighed.find((w) => w.host === 'host1')?.weight).toBe(-0.25)
  })

  it('gives every host weight 0 with multiplier 0', () => {
    expect(weighHosts([ioOpsWeigher], hosts(), makeConfig({ io_ops_weight_multiplier: 0 }))[0].weight).toBe(0)
  })

  it('normalizes from 0 I/O ops (minval), so when every host is busy the idlest still scores below 0', () => {
    const busy = hostsWith([{ num_io_ops: 2 }, { num_io_ops: 4 }])
    expect(weighHosts([ioOpsWeigher], busy)[0]).toEqual({ host: 'host1', weight: -0.5 })
  })

  it('prefers the busiest host with a positive multiplier (2.0)', () => {
    expect(weighHosts([ioOpsWeigher], hosts(), makeConfig({ io_ops_weight_multiplier: 2 }))[0]).toEqual({ host: 'host4', weight: 2 })
  })

  it('uses the aggregate multiplier (1.5) over the config (0.0) when weighing', () => {
    const all = withAggregates(hosts(), [aggWith({ io_ops_weight_multiplier: '1.5' })])
    expect(weighHosts([ioOpsWeigher], all, makeConfig({ io_ops_weight_multiplier: 0 }))[0]).toEqual({ host: 'host4', weight: 1.5 })
  })
})

describe('NumInstancesWeigher', () => {
  const hosts = (): HostState[] => hostsWith([{ num_instances: 2 }, { num_instances: 5 }, { num_instances: 4 }, { num_instances: 10 }])

  it('is off by default (0.0): all hosts tie at 0 and the first listed stays first', () => {
    expect(weighHosts([numInstancesWeigher], hosts())[0]).toEqual({ host: 'host1', weight: 0 })
  })

  it('packs with a positive multiplier (2.0): the host with the most instances wins', () => {
    expect(weighHosts([numInstancesWeigher], hosts(), makeConfig({ num_instances_weight_multiplier: 2 }))[0]).toEqual({ host: 'host4', weight: 2 })
  })

  it('spreads with a negative multiplier (-2.0): the host with the fewest wins with weight 0', () => {
    expect(weighHosts([numInstancesWeigher], hosts(), makeConfig({ num_instances_weight_multiplier: -2 }))[0]).toEqual({ host: 'host1', weight: 0 })
  })

  it('normalizes from the fewest instances present, not from 0 (no minval)', () => {
    const weighed = weighHosts([numInstancesWeigher], hosts(), makeConfig({ num_instances_weight_multiplier: 1 }))
    expect(weighed.find((w) => w.host === 'host3')?.weight).toBe(0.25)
  })
})

describe('ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher', () => {
  const placed = (...ids: string[]): Map<string, PlacedServer> =>
    new Map(ids.map((id) => [id, { id, name: id, projectId: 'p', imageId: 'i', flavorId: 'f' }]))
  const hosts = (): HostState[] =>
    hostsWith([
      { instances: placed('member1', 'instance13') },
      { instances: placed('member2', 'member3', 'member4', 'member5', 'othermember1', 'othermember2', 'instance14') },
      { instances: placed('instance15') },
      { instances: placed('member6', 'member7', 'instance16') },
    ])
  const spec = (policy: ServerGroup['policy'], memberIds: string[] = ['member1', 'member2', 'member3', 'member4', 'member5', 'member6', 'member7']): RequestSpec =>
    makeSpec({ group: { id: 'g', name: 'g', policy, rules: {}, memberIds, projectId: 'p', createdAt: '', hosts: [] } })
  const affinity = [serverGroupSoftAffinityWeigher]
  const anti = [serverGroupSoftAntiAffinityWeigher]

  it('soft-affinity: the host with the most group members wins with weight 1.0', () => {
    expect(weighHosts(affinity, hosts(), makeConfig(), spec('soft-affinity'))[0]).toEqual({ host: 'host2', weight: 1 })
  })

  it('soft-affinity: multiplier 0 gives every host weight 0', () => {
    expect(weighHosts(affinity, hosts(), makeConfig({ soft_affinity_weight_multiplier: 0 }), spec('soft-affinity'))[0].weight).toBe(0)
  })

  it('soft-affinity: scales the winner to the multiplier (2.0)', () => {
    expect(weighHosts(affinity, hosts(), makeConfig({ soft_affinity_weight_multiplier: 2 }), spec('soft-affinity'))[0]).toEqual({ host: 'host2', weight: 2 })
  })

  it('soft-affinity: uses the aggregate multiplier (1.5) over the config (0.0)', () => {
    const all = withAggregates(hosts(), [aggWith({ soft_affinity_weight_multiplier: '1.5' })])
    expect(weighHosts(affinity, all, makeConfig({ soft_affinity_weight_multiplier: 0 }), spec('soft-affinity'))[0]).toEqual({ host: 'host2', weight: 1.5 })
  })

  it('soft-affinity: weighing twice for different groups gives each its own maximum', () => {
    expect(weighHosts(affinity, hosts(), makeConfig(), spec('soft-affinity'))[0]).toEqual({ host: 'host2', weight: 1 })
    expect(weighHosts(affinity, hosts(), makeConfig(), spec('soft-affinity', ['othermember1', 'othermember2']))[0]).toEqual({ host: 'host2', weight: 1 })
  })

  it('soft-anti-affinity: the host with no group members wins with weight 1.0 (counts negated, then normalized)', () => {
    const weighed = weighHosts(anti, hosts(), makeConfig(), spec('soft-anti-affinity'))
    expect(weighed[0]).toEqual({ host: 'host3', weight: 1 })
    expect(weighed.at(-1)).toEqual({ host: 'host2', weight: 0 })
    expect(weighed.find((w) => w.host === 'host1')?.weight).toBe(0.75)
  })

  it('soft-anti-affinity: multiplier 0 gives every host weight 0', () => {
    expect(weighHosts(anti, hosts(), makeConfig({ soft_anti_affinity_weight_multiplier: 0 }), spec('soft-anti-affinity'))[0].weight).toBe(0)
  })

  it('soft-anti-affinity: scales the winner to the multiplier (2.0)', () => {
    expect(weighHosts(anti, hosts(), makeConfig({ soft_anti_affinity_weight_multiplier: 2 }), spec('soft-anti-affinity'))[0]).toEqual({ host: 'host3', weight: 2 })
  })

  it('soft-anti-affinity: uses the aggregate multiplier (1.5) over the config (0.0)', () => {
    const all = withAggregates(hosts(), [aggWith({ soft_anti_affinity_weight_multiplier: '1.5' })])
    expect(weighHosts(anti, all, makeConfig({ soft_anti_affinity_weight_multiplier: 0 }), spec('soft-anti-affinity'))[0]).toEqual({ host: 'host3', weight: 1.5 })
  })

  it("weighs every host 0 when the group's policy is the other weigher's", () => {
    expect(hosts().map((h) => serverGroupSoftAffinityWeigher.weigh(h, spec('soft-anti-affinity'), makeConfig()))).toEqual([0, 0, 0, 0])
    expect(hosts().map((h) => serverGroupSoftAntiAffinityWeigher.weigh(h, spec('soft-affinity'), makeConfig()))).toEqual([0, 0, 0, 0])
  })

  it('weighs every host 0 for a hard affinity group or no group', () => {
    expect(hosts().map((h) => serverGroupSoftAffinityWeigher.weigh(h, spec('affinity'), makeConfig()))).toEqual([0, 0, 0, 0])
    expect(hosts().map((h) => serverGroupSoftAntiAffinityWeigher.weigh(h, makeSpec(), makeConfig()))).toEqual([0, 0, 0, 0])
  })

  it('counts a member listed twice once, as a set intersection does', () => {
    expect(serverGroupSoftAffinityWeigher.weigh(hosts()[3], spec('soft-affinity', ['member6', 'member6', 'member7']), makeConfig())).toBe(2)
    expect(serverGroupSoftAffinityWeigher.weigh(hosts()[0], spec('soft-affinity', ['member1', 'member1', 'x', 'y', 'z']), makeConfig())).toBe(1)
  })

  it('sees a member added to the group after an earlier weighing of the same group', () => {
    const s = spec('soft-affinity', ['member1'])
    const host4 = hosts()[3]
    expect(serverGroupSoftAffinityWeigher.weigh(host4, s, makeConfig())).toBe(0)
    s.group?.memberIds.push('member6')
    expect(serverGroupSoftAffinityWeigher.weigh(host4, s, makeConfig())).toBe(1)
  })
})

describe('BuildFailureWeigher', () => {
  const hosts = (): HostState[] => hostsWith([{ failed_builds: 0 }, { failed_builds: 1 }, { failed_builds: 10 }, { failed_builds: 100 }])

  it('gives every host weight 0 when disabled (0.0)', () => {
    const weighed = weighHosts([buildFailureWeigher], hosts(), makeConfig({ build_failure_weight_multiplier: 0 }))
    expect(weighed.every((w) => w.weight === 0)).toBe(true)
  })

  it('subtracts failures scaled to the (positive) multiplier: 1000 gives 0, -10, -100, -1000', () => {
    const weighed = weighHosts([buildFailureWeigher], hosts(), makeConfig({ build_failure_weight_multiplier: 1000 }))
    expect(weighed).toEqual([
      { host: 'host1', weight: 0 },
      { host: 'host2', weight: -10 },
      { host: 'host3', weight: -100 },
      { host: 'host4', weight: -1000 },
    ])
  })

  it('negates the configured and the aggregate multiplier, taking the aggregate minimum before negating', () => {
    const config = makeConfig({ build_failure_weight_multiplier: 0 })
    const h = makeHostState()
    // 0 or -0: Python's -0.0 == 0.0.
    expect(buildFailureWeigher.multiplier(config, h) === 0).toBe(true)
    h.aggregates = [aggWith({ build_failure_weight_multiplier: '1000.0' })]
    expect(buildFailureWeigher.multiplier(config, h)).toBe(-1000)
    h.aggregates = [aggWith({ build_failure_weight_multiplier: '500' }), aggWith({ build_failure_weight_multiplier: '1000' }, 'bar')]
    expect(buildFailureWeigher.multiplier(config, h)).toBe(-500)
  })

  it('uses the aggregate multiplier (1000) over the config (0.0) when weighing', () => {
    const all = withAggregates(hosts(), [aggWith({ build_failure_weight_multiplier: '1000' })])
    const weighed = weighHosts([buildFailureWeigher], all, makeConfig({ build_failure_weight_multiplier: 0 }))
    expect(weighed.map((w) => w.weight)).toEqual([0, -10, -100, -1000])
  })

  it('outweighs every other default weigher: one failure sinks an otherwise best host', () => {
    const all = hostsWith([{ free_ram_mb: 8192, failed_builds: 1 }, { free_ram_mb: 512 }])
    expect(weighHosts([ramWeigher, buildFailureWeigher], all)[0].host).toBe('host2')
  })
})

describe('weight_classes', () => {
  it('registers every weigher under its Nova class name', () => {
    expect(Object.keys(WEIGHERS).sort()).toEqual([
      'BuildFailureWeigher',
      'CPUWeigher',
      'DiskWeigher',
      'IoOpsWeigher',
      'NumInstancesWeigher',
      'RAMWeigher',
      'ServerGroupSoftAffinityWeigher',
      'ServerGroupSoftAntiAffinityWeigher',
    ])
    for (const [name, w] of Object.entries(WEIGHERS)) expect(w.name).toBe(name)
  })

  it("enables every weigher with 'all' (Nova's all_weighers)", () => {
    expect(enabledWeighers(makeConfig({ weight_classes: ['all'] }))).toHaveLength(Object.keys(WEIGHERS).length)
  })

  it('enables only the named weighers, in the order given', () => {
    expect(enabledWeighers(makeConfig({ weight_classes: ['IoOpsWeigher', 'RAMWeigher'] })).map((w) => w.name)).toEqual(['IoOpsWeigher', 'RAMWeigher'])
  })

  it('refuses an unknown weigher name', () => {
    expect(() => enabledWeighers(makeConfig({ weight_classes: ['NoSuchWeigher'] }))).toThrow(/NoSuchWeigher/)
  })
})
