// Nova's NumInstancesFilter and AggregateNumInstancesFilter: a host with
// max_instances_per_host instances or more takes no more.
import type { Aggregate } from '../../store/schema.js'
import type { HostState } from '../host-state.js'
import { pyIntText } from './extra-specs-ops.js'
import type { HostFilter } from './types.js'

/** The limit a host gets and where it came from, for the reason string. */
export interface HostLimit {
  value: number
  /** e.g. "max_instances_per_host" or "aggregate agg1 max_instances_per_host". */
  source: string
}

const parsed = new WeakMap<Aggregate, Map<string, { raw: string; value: number | null }>>()

function aggregateInt(agg: Aggregate, key: string): number | null {
  const raw = agg.metadata[key]
  let byKey = parsed.get(agg)
  if (!byKey) parsed.set(agg, (byKey = new Map()))
  const hit = byKey.get(key)
  if (hit && hit.raw === raw) return hit.value
  // Nova casts with Python's int(): whitespace, sign, underscores, any Unicode digits.
  const text = pyIntText(raw)
  const value = text === undefined ? null : Number(text)
  byKey.set(key, { raw, value })
  return value
}

/**
 * Nova's aggregate_values_from_key + validate_num_values(cast_to=int, based_on=min):
 * the smallest value of `key` over the host's aggregates (whole values, not split on
 * commas); the config value when no aggregate sets the key, and also when any value
 * is not an integer (Nova falls back entirely rather than skip the bad value).
 */
export function aggregateLimit(host: HostState, key: string, fallback: number): HostLimit {
  let best: { value: number; agg: Aggregate } | undefined
  for (const agg of host.aggregates) {
    if (!Object.hasOwn(agg.metadata, key)) continue
    const value = aggregateInt(agg, key)
    if (value === null) return { value: fallback, source: `${key} (aggregate ${agg.name} has ${key}=${agg.metadata[key]}, not an integer)` }
    if (!best || value < best.value) best = { value, agg }
  }
  if (!best) return { value: fallback, source: key }
  return { value: best.value, source: `aggregate ${best.agg.name} ${key}` }
}

function check(host: HostState, limit: HostLimit): string | null {
  // Nova: passes while num_instances < max (so a limit of 0 or less admits nothing).
  if (host.num_instances < limit.value) return null
  return `has ${host.num_instances} instances, ${limit.source} is ${limit.value}`
}

/** NumInstancesFilter: fewer than max_instances_per_host instances on the host. */
export const numInstancesFilter: HostFilter = {
  name: 'NumInstancesFilter',
  reject(host, _spec, config) {
    return check(host, { value: config.max_instances_per_host, source: 'max_instances_per_host' })
  },
}

/** AggregateNumInstancesFilter: as NumInstancesFilter, with the host's aggregates' max_instances_per_host first. */
export const aggregateNumInstancesFilter: HostFilter = {
  name: 'AggregateNumInstancesFilter',
  reject(host, _spec, config) {
    return check(host, aggregateLimit(host, 'max_instances_per_host', config.max_instances_per_host))
  },
}
