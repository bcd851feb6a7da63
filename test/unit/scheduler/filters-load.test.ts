// Ports of Nova's test_num_instances_filters and test_io_ops_filters.
import { describe, expect, it } from 'vitest'
import { aggregateIoOpsFilter, ioOpsFilter } from '../../../src/core/scheduler/filters/io-ops.js'
import { aggregateNumInstancesFilter, numInstancesFilter } from '../../../src/core/scheduler/filters/num-instances.js'
import type { HostState } from '../../../src/core/scheduler/host-state.js'
import { makeAggregate, makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const host1 = makeHost('host1')
/** host1 with these usage counters, in aggregates with these metadata. */
const hostState = (usage: Partial<HostState>, ...metadata: Array<Record<string, string>>) =>
  makeHostState(host1, { ...usage, aggregates: metadata.map((m, i) => makeAggregate(`agg${i}`, [host1], m)) })
const spec = makeSpec()

describe('NumInstancesFilter', () => {
  const config = makeConfig({ max_instances_per_host: 5 })
  it('passes a host with fewer instances than max_instances_per_host', () =>
    expect(numInstancesFilter.reject(hostState({ num_instances: 4 }), spec, config)).toBeNull())
  it('rejects a host at max_instances_per_host (strictly less passes)', () =>
    expect(numInstancesFilter.reject(hostState({ num_instances: 5 }), spec, config)).toBe('has 5 instances, max_instances_per_host is 5'))
  it('ignores aggregate metadata', () =>
    expect(numInstancesFilter.reject(hostState({ num_instances: 5 }, { max_instances_per_host: '6' }), spec, config)).not.toBeNull())
  it('defaults to Nova\'s 50', () => {
    expect(numInstancesFilter.reject(hostState({ num_instances: 49 }), spec, makeConfig())).toBeNull()
    expect(numInstancesFilter.reject(hostState({ num_instances: 50 }), spec, makeConfig())).not.toBeNull()
  })
})

describe('AggregateNumInstancesFilter', () => {
  const run = (n: number, max: number, ...metadata: Array<Record<string, string>>) =>
    aggregateNumInstancesFilter.reject(hostState({ num_instances: n }, ...metadata), spec, makeConfig({ max_instances_per_host: max }))
  it('falls back to max_instances_per_host when no aggregate sets it', () =>
    expect(run(5, 4, { other: '1' })).toBe('has 5 instances, max_instances_per_host is 4'))
  it('uses the aggregate value over the config', () => {
    expect(run(5, 4, { max_instances_per_host: '6' })).toBeNull()
    expect(run(5, 50, { max_instances_per_host: '5' })).toBe('has 5 instances, aggregate agg0 max_instances_per_host is 5')
  })
  it('takes the smallest value over several aggregates', () => expect(run(4, 50, { max_instances_per_host: '6' }, { max_instances_per_host: '3' })).toContain('agg1'))
  it('falls back to the config when a value is not an integer', () => expect(run(0, 6, { max_instances_per_host: 'XXX' })).toBeNull())
  it('falls back to the config entirely when any one value is bad, not to the smallest good one', () => {
    expect(run(4, 6, { max_instances_per_host: '2' }, { max_instances_per_host: 'XXX' })).toBeNull()
    expect(run(6, 6, { max_instances_per_host: '2' }, { max_instances_per_host: 'XXX' })).toContain('not an integer')
  })
  it('does not split values on commas (aggregate_values_from_key): "6,7" is not an integer', () =>
    expect(run(6, 5, { max_instances_per_host: '6,7' })).toBe(
      'has 6 instances, max_instances_per_host (aggregate agg0 has max_instances_per_host=6,7, not an integer) is 5',
    ))
  it('reads values as Python int() does: spaces, sign, leading zeros, underscores, Unicode digits', () => {
    for (const v of [' 6 ', '+6', '0006', '6_0', '\u0666']) expect(run(5, 0, { max_instances_per_host: v }), v).toBeNull()
    for (const v of ['6.0', '', '0x10', '6__0', '_6', '1e3']) expect(run(5, 0, { max_instances_per_host: v }), v).toContain('not an integer')
  })
})

describe('IoOpsFilter', () => {
  const config = makeConfig({ max_io_ops_per_host: 8 })
  it('passes a host with fewer I/O operations than max_io_ops_per_host', () =>
    expect(ioOpsFilter.reject(hostState({ num_io_ops: 7 }), spec, config)).toBeNull())
  it('rejects a host at max_io_ops_per_host (strictly less passes)', () =>
    expect(ioOpsFilter.reject(hostState({ num_io_ops: 8 }), spec, config)).toBe('has 8 I/O operations in progress, max_io_ops_per_host is 8'))
  it('defaults to Nova\'s 8', () => expect(ioOpsFilter.reject(hostState({ num_io_ops: 8 }), spec, makeConfig())).not.toBeNull())
})

describe('AggregateIoOpsFilter', () => {
  const run = (n: number, max: number, ...metadata: Array<Record<string, string>>) =>
    aggregateIoOpsFilter.reject(hostState({ num_io_ops: n }, ...metadata), spec, makeConfig({ max_io_ops_per_host: max }))
  it('falls back to max_io_ops_per_host when no aggregate sets it', () => expect(run(7, 7)).toBe('has 7 I/O operations in progress, max_io_ops_per_host is 7'))
  it('uses the aggregate value over the config', () => expect(run(7, 7, { max_io_ops_per_host: '8' })).toBeNull())
  it('falls back to the config when a value is not an integer', () => {
    expect(run(7, 8, { max_io_ops_per_host: 'XXX' })).toBeNull()
    expect(run(8, 8, { max_io_ops_per_host: 'XXX' })).not.toBeNull()
  })
  it('takes the smallest value over several aggregates', () =>
    expect(run(3, 8, { max_io_ops_per_host: '10' }, { max_io_ops_per_host: '3' })).toBe(
      'has 3 I/O operations in progress, aggregate agg1 max_io_ops_per_host is 3',
    ))
  it('re-reads an aggregate value that changed', () => {
    const hs = hostState({ num_io_ops: 3 }, { max_io_ops_per_host: '3' })
    expect(aggregateIoOpsFilter.reject(hs, spec, makeConfig())).not.toBeNull()
    hs.aggregates[0].metadata.max_io_ops_per_host = '4'
    expect(aggregateIoOpsFilter.reject(hs, spec, makeConfig())).toBeNull()
  })
})
