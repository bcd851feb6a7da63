// Nova's AggregateInstanceExtraSpecsFilter (nova/scheduler/filters/aggregate_instance_extra_specs.py):
// flavor extra specs `aggregate_instance_extra_specs:<key>` and unscoped `<key>`
// must match the metadata of the aggregates the host is in.
import type { HostState } from '../host-state.js'
import { matchesExtraSpec, pyStrip } from './extra-specs-ops.js'
import type { HostFilter } from './types.js'

const SCOPE = 'aggregate_instance_extra_specs'

// 'a, b' -> ['a', 'b'], cached per text: the same few metadata values recur on every host.
const splitCache = new Map<string, string[]>()
function splitValues(text: string): string[] {
  let out = splitCache.get(text)
  if (!out) {
    out = text.split(',').map(pyStrip)
    if (splitCache.size >= 1024) splitCache.clear()
    splitCache.set(text, out)
  }
  return out
}

/**
 * Nova's utils.aggregate_metadata_get_by_host: every metadata key of the host's
 * aggregates with the union of their values, each value split on commas and stripped.
 */
export function aggregateMetadata(hs: HostState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const agg of hs.aggregates) {
    for (const [key, value] of Object.entries(agg.metadata)) {
      let set = out.get(key)
      if (!set) out.set(key, (set = new Set()))
      for (const v of splitValues(value)) set.add(v)
    }
  }
  return out
}

interface AggregateSpec { specKey: string; key: string; req: string }
const specsByFlavor = new WeakMap<Record<string, string>, AggregateSpec[]>()

// Nova splits on the first ':' only; keys in another scope are not this filter's.
function aggregateSpecs(extraSpecs: Record<string, string>): AggregateSpec[] {
  let out = specsByFlavor.get(extraSpecs)
  if (out) return out
  out = []
  for (const [specKey, req] of Object.entries(extraSpecs)) {
    const colon = specKey.indexOf(':')
    if (colon < 0) out.push({ specKey, key: specKey, req })
    else if (specKey.slice(0, colon) === SCOPE) out.push({ specKey, key: specKey.slice(colon + 1), req })
  }
  specsByFlavor.set(extraSpecs, out)
  return out
}

/** AggregateInstanceExtraSpecsFilter. */
export const aggregateInstanceExtraSpecsFilter: HostFilter = {
  name: 'AggregateInstanceExtraSpecsFilter',
  reject(hs, spec) {
    const specs = aggregateSpecs(spec.flavor.extraSpecs)
    if (specs.length === 0) return null
    const metadata = aggregateMetadata(hs)
    for (const { specKey, key, req } of specs) {
      // An unscoped key counts too: a host in no aggregate carrying the key fails, as in Nova.
      const values = metadata.get(key)
      if (!values || values.size === 0) return `${specKey}: no aggregate of this host has metadata ${key}, flavor wants ${req}`
      let matched = false
      for (const v of values) if (matchesExtraSpec(v, req)) { matched = true; break }
      if (!matched) return `${specKey}: aggregate metadata ${key} is ${[...values].join(',')}, flavor wants ${req}`
    }
    return null
  },
}
