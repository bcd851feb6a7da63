// Nova's AvailabilityZoneFilter, reading zones the way Nova's filter does
// (nova.scheduler.filters.utils.aggregate_metadata_get_by_host), not the single
// HostState.availabilityZone: a host in several aggregates is in every zone any
// of them names, and one metadata value may list several zones separated by commas.
import type { Aggregate } from '../../store/schema.js'
import type { HostState } from '../host-state.js'
import { pyStrip } from './extra-specs-ops.js'
import type { HostFilter } from './types.js'

type Split = { raw: string; values: Set<string> }
const splitCache = new WeakMap<Aggregate, Map<string, Split>>()

/**
 * One aggregate's metadata value for `key` as Nova's aggregate_metadata_get_by_host
 * reads it: split on commas, each part stripped as Python strips; undefined if the key is absent.
 * Cached per aggregate (re-split only if the value changed), so 10,000 hosts in one
 * aggregate split its value once.
 */
export function aggregateValueSet(agg: Aggregate, key: string): Set<string> | undefined {
  // Nova tests `key in aggr.metadata`: a key set to '' is present (its set is {''}).
  if (!Object.hasOwn(agg.metadata, key)) return undefined
  const raw = agg.metadata[key]
  let byKey = splitCache.get(agg)
  if (!byKey) splitCache.set(agg, (byKey = new Map()))
  const hit = byKey.get(key)
  if (hit && hit.raw === raw) return hit.values
  const values = new Set(raw.split(',').map(pyStrip))
  byKey.set(key, { raw, values })
  return values
}

/** The union of every value of `key` over the host's aggregates, in first-seen order; empty if no aggregate sets it. */
export function hostAggregateValues(host: HostState, key: string): string[] {
  const out = new Set<string>()
  for (const agg of host.aggregates) for (const v of aggregateValueSet(agg, key) ?? []) out.add(v)
  return [...out]
}

/** AvailabilityZoneFilter: the host is in the zone the request asks for. */
export const availabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  reject(host, spec, config) {
    const wanted = spec.availabilityZone
    // Nova: no zone asked (None or '') passes every host.
    if (!wanted) return null
    let zoned = false
    for (const agg of host.aggregates) {
      const zones = aggregateValueSet(agg, 'availability_zone')
      if (!zones) continue
      if (zones.has(wanted)) return null
      zoned = true
    }
    // Nova: a host in no zoned aggregate is in default_availability_zone.
    if (!zoned) {
      const zone = config.default_availability_zone
      return wanted === zone ? null : `in the default zone ${zone}, the request asks for ${wanted}`
    }
    const zones = hostAggregateValues(host, 'availability_zone')
    return `in zone${zones.length > 1 ? 's' : ''} ${zones.join(', ')}, the request asks for ${wanted}`
  },
}
