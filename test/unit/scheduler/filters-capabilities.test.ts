// Ports of Nova's test_compute_capabilities_filters and
// test_aggregate_instance_extra_specs_filters, plus the edges of Nova's lookups.
import { describe, expect, it } from 'vitest'
import { aggregateInstanceExtraSpecsFilter, aggregateMetadata } from '../../../src/core/scheduler/filters/aggregate-instance-extra-specs.js'
import { computeCapabilitiesFilter, pyStr } from '../../../src/core/scheduler/filters/compute-capabilities.js'
import type { HostState } from '../../../src/core/scheduler/host-state.js'
import { flavor, makeAggregate, makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const config = makeConfig()
const cpuInfo = ` { "vendor": "Intel", "model": "core2duo",
  "arch": "i686","features": ["lahf_lm", "rdtscp"], "topology":
  {"cores": 1, "threads":1, "sockets": 1}} `

describe('ComputeCapabilitiesFilter', () => {
  // Nova's _do_test_compute_filter_extra_specs: a host with free_ram_mb 1024 plus the given attributes.
  const host = (attrs: Partial<HostState> = {}) => makeHostState(makeHost('host1'), { free_ram_mb: 1024, stats: {}, ...attrs })
  const run = (attrs: Partial<HostState>, extraSpecs: Record<string, string>) =>
    computeCapabilitiesFilter.reject(host(attrs), makeSpec({ flavor: flavor('m1.tiny', extraSpecs) }), config)
  const passes = (attrs: Partial<HostState>, extraSpecs: Record<string, string>) => expect(run(attrs, extraSpecs)).toBeNull()
  const fails = (attrs: Partial<HostState>, extraSpecs: Record<string, string>) => expect(run(attrs, extraSpecs)).toEqual(expect.any(String))

  it('passes a flavor without extra specs', () => passes({}, {}))
  it('fails when cpu_info is an empty JSON object', () => fails({ cpu_info: ' { } ' }, { 'capabilities:cpu_info:vendor': 'Intel' }))
  it('parses cpu_info from JSON text to reach capabilities:cpu_info:vendor', () =>
    passes({ cpu_info: cpuInfo }, { 'capabilities:cpu_info:vendor': 'Intel' }))
  it('compares an unscoped cpu_info key with the whole cpu_info text (backward compatibility)', () =>
    passes({ cpu_info: cpuInfo }, { cpu_info: cpuInfo }))
  it('fails an unscoped cpu_info key that does not equal the text', () => fails({ cpu_info: cpuInfo }, { cpu_info: '' }))
  it('fails when cpu_info is not JSON', () => fails({ cpu_info: 'cpu_info' }, { 'capabilities:cpu_info:vendor': 'Intel' }))
  it('matches unscoped keys against host stats', () => passes({ stats: { opt1: '1', opt2: '2' } }, { opt1: '1', opt2: '2' }))
  it('fails when one unscoped stat does not match', () => fails({ stats: { opt1: '1', opt2: '2' } }, { opt1: '1', opt2: '222' }))
  it('matches capabilities:<stat> against host stats', () => passes({ stats: { opt1: '1', opt2: '2' } }, { 'capabilities:opt1': '1' }))
  it("treats a key named just 'capabilities' as unscoped", () => passes({ stats: { capabilities: '1' } }, { capabilities: '1' }))
  it('ignores unscoped keys the host has no attribute or stat for', () => passes({}, { XXYY: '1' }))
  it('ignores keys in another scope', () => passes({ stats: { opt1: '2' } }, { 'wrong_scope:opt1': '1' }))
  it('walks nested levels, parsing JSON text at each step; opt1:a is another scope', () =>
    passes({ stats: { opt1: '{"a": 1, "b": {"aa": 2}}', opt2: '2' } }, { 'opt1:a': '1', 'capabilities:opt1:b:aa': '2' }))
  it('reads unscoped free_ram_mb as the attribute (>= 300 passes)', () => passes({}, { free_ram_mb: '>= 300' }))
  it('reads unscoped free_ram_mb as the attribute (<= 300 fails)', () => fails({}, { free_ram_mb: '<= 300' }))
  it('reads unscoped vcpus_used (<= 20 passes)', () => passes({ vcpus_used: 0 }, { vcpus_used: '<= 20' }))
  it('reads unscoped vcpus_used (>= 20 fails)', () => fails({ vcpus_used: 0 }, { vcpus_used: '>= 20' }))
  it('reads unscoped free_disk_mb as text: 0 equals 0', () => passes({ free_disk_mb: 0 }, { free_disk_mb: '0' }))
  it('reads unscoped free_disk_mb as text: 1 does not equal 0', () => fails({ free_disk_mb: 0 }, { free_disk_mb: '1' }))

  it('says what did not match, in operator words', () => {
    expect(run({ cpu_info: JSON.stringify({ arch: 'x86_64' }) }, { 'capabilities:cpu_info:arch': 's== aarch64' }))
      .toBe('capabilities:cpu_info:arch is x86_64, flavor wants s== aarch64')
    expect(run({ cpu_info: '{}' }, { 'capabilities:cpu_info:vendor': 'Intel' }))
      .toBe('capabilities:cpu_info:vendor: the host reports no cpu_info:vendor, flavor wants Intel')
  })
  it('fails a scoped key the host does not have at all', () => fails({}, { 'capabilities:no_such_thing': '1' }))
  it('looks a missing attribute up in stats', () => passes({ stats: { rack: 'r7' } }, { 'capabilities:rack': 's== r7' }))
  it('fails on stepping into a number (Nova: AttributeError)', () => fails({}, { 'capabilities:free_ram_mb:x': '1' }))
  it('fails on a JSON null value', () => fails({ cpu_info: '{"vendor": null}' }, { 'capabilities:cpu_info:vendor': 'None' }))
  it("stringifies a list as Python does, so '<in>' is a substring test over \"['lahf_lm', 'rdtscp']\"", () => {
    passes({ cpu_info: cpuInfo }, { 'capabilities:cpu_info:features': "<in> 'rdtscp'" })
    passes({ cpu_info: cpuInfo }, { 'capabilities:cpu_info:features': '<all-in> lahf rdt' })
    fails({ cpu_info: cpuInfo }, { 'capabilities:cpu_info:features': '<in> avx' })
  })
  it('stringifies allocation ratios as Python floats (16.0)', () => {
    passes({ cpu_allocation_ratio: 16 }, { 'capabilities:cpu_allocation_ratio': 's== 16.0' })
    fails({ cpu_allocation_ratio: 16 }, { 'capabilities:cpu_allocation_ratio': 's== 16' })
  })
  it("reads 'host' as the host's name, as Nova's HostState.host", () => passes({}, { 'capabilities:host': 'host1' }))
  it('compares hypervisor_version numerically', () => passes({ hypervisor_version: 6001000 }, { 'capabilities:hypervisor_version': '>= 6000000' }))
  it('pyStr renders like Python str()', () => {
    expect(pyStr({ a: [1, 'x'], b: true, c: null })).toBe("{'a': [1, 'x'], 'b': True, 'c': None}")
    expect(pyStr("it's")).toBe("it's")
    expect(pyStr(["it's"])).toBe('["it\'s"]')
    expect(pyStr(1.5e-7)).toBe('1.5e-07')
  })
})

describe('AggregateInstanceExtraSpecsFilter', () => {
  const hostIn = (...metadata: Record<string, string>[]) => {
    const h = makeHost('host1')
    return makeHostState(h, { aggregates: metadata.map((m, i) => makeAggregate(`a${i}`, [h], m)) })
  }
  const run = (hs: HostState, extraSpecs: Record<string, string>) =>
    aggregateInstanceExtraSpecsFilter.reject(hs, makeSpec({ flavor: flavor('m1.tiny', extraSpecs) }), config)

  it('passes a flavor without extra specs', () => expect(run(hostIn(), {})).toBeNull())
  it('passes unscoped and scoped keys the aggregate metadata matches', () =>
    expect(run(hostIn({ opt1: '1', opt2: '2' }), { opt1: '1', 'aggregate_instance_extra_specs:opt2': '2' })).toBeNull())
  it('reads comma-separated metadata values as alternatives', () =>
    expect(run(hostIn({ opt1: '1, 3', opt2: '2' }), { opt1: '1', 'aggregate_instance_extra_specs:opt1': '3' })).toBeNull())
  it('unions the values of every aggregate the host is in', () =>
    expect(run(hostIn({ opt1: '1' }, { opt1: '3' }), { 'aggregate_instance_extra_specs:opt1': '3' })).toBeNull())
  it("treats a key named just 'aggregate_instance_extra_specs' as unscoped", () =>
    expect(run(hostIn({ aggregate_instance_extra_specs: '1' }), { aggregate_instance_extra_specs: '1' })).toBeNull())
  it('fails when a value does not match, naming key, values and requirement', () =>
    expect(run(hostIn({ opt1: '1', opt2: '2' }), { opt1: '1', opt2: '222' })).toBe('opt2: aggregate metadata opt2 is 2, flavor wants 222'))
  it('fails a host in no aggregate with the key, even for an unscoped key', () =>
    expect(run(hostIn(), { opt1: '1' })).toBe('opt1: no aggregate of this host has metadata opt1, flavor wants 1'))
  it('ignores keys of other scopes (hw:, capabilities:, resources:)', () =>
    expect(run(hostIn(), { 'hw:cpu_policy': 'dedicated', 'capabilities:opt': '1', 'resources:VCPU': '2' })).toBeNull())
  it('keeps colons after the scope as part of the metadata key', () =>
    expect(run(hostIn({ 'a:b': 'x' }), { 'aggregate_instance_extra_specs:a:b': 'x' })).toBeNull())
  it('applies extra spec operators to each metadata value', () => {
    expect(run(hostIn({ ssd_gb: '100,500' }), { 'aggregate_instance_extra_specs:ssd_gb': '>= 400' })).toBeNull()
    expect(run(hostIn({ ssd_gb: '100,200' }), { 'aggregate_instance_extra_specs:ssd_gb': '>= 400' })).not.toBeNull()
  })
  it('aggregateMetadata strips values and keeps empty ones, as Nova splits them', () => {
    expect(aggregateMetadata(hostIn({ k: ' a ,b,' }))).toEqual(new Map([['k', new Set(['a', 'b', ''])]]))
  })
})
