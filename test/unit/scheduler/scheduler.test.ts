// The filter scheduler as a whole: Placement's candidates, filters in the
// configured order, normalized weights, and multi-instance consumption, with
// the behaviour of Nova's FilterScheduler (nova/scheduler/manager.py).
import { describe, expect, it } from 'vitest'
import { schedule } from '../../../src/core/scheduler/scheduler.js'
import { flavor, makeConfig, makeHost, makeSpec, stateWith } from '../../helpers/scheduler.js'

const names = (r: ReturnType<typeof schedule>) => r.selections.map((s) => s.host.host.name)

describe('FilterScheduler', () => {
  it('offers only hosts Placement can fit, and says why the others are out', () => {
    const state = stateWith(makeHost('small', { ramMb: 1024 }), makeHost('big', { ramMb: 16384 }))
    const r = schedule(state, makeSpec({ flavor: flavor('m1.small') }), makeConfig())
    expect(names(r)).toEqual(['big'])
    expect(r.verdicts.find((v) => v.host === 'small')).toMatchObject({ passed: false, rejected_by: 'Placement' })
    expect(r.verdicts.find((v) => v.host === 'small')!.reason).toMatch(/needs 2048 MB RAM/)
  })

  it('spreads by free RAM with the default ram_weight_multiplier 1.0 and stacks with a negative one', () => {
    const state = stateWith(makeHost('a', { ramMb: 8192 }), makeHost('b', { ramMb: 16384 }))
    expect(names(schedule(state, makeSpec(), makeConfig()))).toEqual(['b'])
    expect(names(schedule(state, makeSpec(), makeConfig({ ram_weight_multiplier: -1.0 })))).toEqual(['a'])
  })

  it('consumes each pick before placing the next instance of a multi-create (spread over equal hosts)', () => {
    const state = stateWith(makeHost('a'), makeHost('b'), makeHost('c'))
    const r = schedule(state, makeSpec({ flavor: flavor('m1.large'), numInstances: 6 }), makeConfig())
    const counts = new Map<string, number>()
    for (const n of names(r)) counts.set(n, (counts.get(n) ?? 0) + 1)
    expect([...counts.values()]).toEqual([2, 2, 2])
  })

  it('packs a multi-create onto one host until it is full when weighers stack', () => {
    const state = stateWith(makeHost('a', { ramMb: 4096 + 512 }), makeHost('b', { ramMb: 4096 + 512 }))
    // Capacity per host: (4608 - 512) * 1.5 = 6144 MB, three m1.small (2048 MB) each.
    const r = schedule(state, makeSpec({ flavor: flavor('m1.small'), numInstances: 6 }), makeConfig({ ram_weight_multiplier: -1.0, weight_classes: ['RAMWeigher'] }))
    expect(names(r)).toEqual(['a', 'a', 'a', 'b', 'b', 'b'])
  })

  it('places all instances or none, naming the instance that did not fit', () => {
    const state = stateWith(makeHost('a', { ramMb: 4096 + 512 }))
    const r = schedule(state, makeSpec({ flavor: flavor('m1.small'), numInstances: 4 }), makeConfig())
    expect(r.selections).toEqual([])
    expect(r.failure).toMatch(/^instance 4 of 4: Placement removed 1 of 1 hosts \(a: needs 2048 MB RAM, 0 free\)/)
  })

  it('skips the filters for a forced host but still checks the resource claim', () => {
    const state = stateWith(makeHost('a', { enabled: false }), makeHost('tiny', { ramMb: 600 }))
    expect(names(schedule(state, makeSpec({ forcedHost: 'a' }), makeConfig()))).toEqual(['a'])
    const r = schedule(state, makeSpec({ forcedHost: 'tiny', flavor: flavor('m1.small') }), makeConfig())
    expect(r.failure).toMatch(/Placement removed 1 of 2 hosts \(tiny: needs 2048 MB RAM/)
    expect(r.failure).toMatch(/ForcedHost removed 1 of 2 hosts/)
  })

  it('runs the filters in enabled_filters order and records the first that rejects', () => {
    const state = stateWith(makeHost('down', { status: 'down' }))
    const r = schedule(state, makeSpec(), makeConfig({ enabled_filters: ['AllHostsFilter', 'ComputeFilter'] }))
    expect(r.verdicts[0]).toMatchObject({ passed: false, rejected_by: 'ComputeFilter', reason: 'compute service is down' })
  })

  it('picks randomly among the best host_subset_size hosts', () => {
    const state = stateWith(makeHost('a', { ramMb: 16384 }), makeHost('b', { ramMb: 12288 }), makeHost('c', { ramMb: 4096 }))
    const config = makeConfig({ host_subset_size: 2 })
    expect(names(schedule(state, makeSpec(), config, { random: () => 0 }))).toEqual(['a'])
    expect(names(schedule(state, makeSpec(), config, { random: () => 0.99 }))).toEqual(['b'])
  })

  it('keeps up to max_attempts - 1 alternates, best first, for a reschedule', () => {
    const state = stateWith(makeHost('a', { ramMb: 16384 }), makeHost('b', { ramMb: 12288 }), makeHost('c', { ramMb: 8192 }), makeHost('d', { ramMb: 4096 }))
    const r = schedule(state, makeSpec(), makeConfig({ max_attempts: 3 }))
    expect(r.selections[0].alternates.map((h) => h.host.name)).toEqual(['b', 'c'])
  })

  it('leaves out hosts a build of the server already failed on', () => {
    const state = stateWith(makeHost('a'), makeHost('b'))
    const r = schedule(state, makeSpec({ ignoreHostIds: ['id-a'] }), makeConfig())
    expect(names(r)).toEqual(['b'])
    expect(r.verdicts[0]).toMatchObject({ rejected_by: 'RetryFilter' })
  })

  it('honours required and forbidden traits from the request', () => {
    const state = stateWith(makeHost('ssd', { traits: ['CUSTOM_STORAGE_SSD'] }), makeHost('hdd'))
    expect(names(schedule(state, makeSpec({ requiredTraits: ['CUSTOM_STORAGE_SSD'] }), makeConfig()))).toEqual(['ssd'])
    expect(names(schedule(state, makeSpec({ forbiddenTraits: ['CUSTOM_STORAGE_SSD'] }), makeConfig()))).toEqual(['hdd'])
  })

  it('explains that there are no hosts at all', () => {
    expect(schedule(stateWith(), makeSpec(), makeConfig()).failure).toMatch(/no compute hosts/)
  })
})

describe('server groups in one multi-instance request', () => {
  const group = (policy: 'anti-affinity' | 'affinity') => ({ id: 'g1', name: 'web', policy, rules: {}, memberIds: [], projectId: 'admin', createdAt: '', hosts: [] })

  it('places every instance of an anti-affinity group on a different host (each pick joins the group)', () => {
    const state = stateWith(makeHost('a'), makeHost('b'), makeHost('c'))
    const r = schedule(state, makeSpec({ numInstances: 3, group: group('anti-affinity') }), makeConfig())
    expect(new Set(names(r)).size).toBe(3)
  })

  it('fails an anti-affinity request with more instances than hosts, naming the filter', () => {
    const state = stateWith(makeHost('a'), makeHost('b'))
    const r = schedule(state, makeSpec({ numInstances: 3, group: group('anti-affinity') }), makeConfig())
    expect(r.selections).toEqual([])
    expect(r.failure).toMatch(/^instance 3 of 3: ServerGroupAntiAffinityFilter removed 2 of 2 hosts/)
  })

  it('keeps every instance of an affinity group on the first host chosen', () => {
    const state = stateWith(makeHost('a'), makeHost('b'), makeHost('c'))
    const r = schedule(state, makeSpec({ numInstances: 3, group: group('affinity') }), makeConfig())
    expect(new Set(names(r)).size).toBe(1)
  })
})

describe('failure explanations at scale', () => {
  it('names the first five hosts a check removed and counts the rest', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => makeHost(`h${i}`, { ramMb: 1024 }))
    const r = schedule(stateWith(...hosts), makeSpec({ flavor: flavor('m1.small') }), makeConfig(), { explain: false })
    expect(r.verdicts).toEqual([])
    expect(r.failure).toMatch(/^Placement removed 12 of 12 hosts \(h0: .*; h4: needs 2048 MB RAM[^;]*; and 7 more\)/)
  })
})
