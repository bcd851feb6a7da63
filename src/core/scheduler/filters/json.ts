// Nova's JsonFilter (nova/scheduler/filters/json_filter.py): the `query` scheduler
// hint, a JSON query over the host's HostState attributes (see json-query.ts).
import type { HostState } from '../host-state.js'
import type { RequestSpec } from '../request.js'
import { novaAttribute } from './compute-capabilities.js'
import { explainQuery, parseQuery, QueryError, queryPasses } from './json-query.js'
import type { HostFilter } from './types.js'

type Dict = Record<string, unknown>
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v)

// Nova's HostState.service: the host's nova-compute service record, as far as homenova has one.
function service(hs: HostState): Dict {
  const { host } = hs
  return { host: hs.host_name, binary: 'nova-compute', topic: 'compute', disabled: !host.enabled, disabled_reason: host.disabledReason ?? null }
}

/** Nova's `$name.key...` lookup: getattr on the host state, then .get() through dicts; undefined where Nova gets None. */
export function hostVariable(hs: HostState, path: readonly string[]): unknown {
  let obj: unknown = path[0] === 'service' ? service(hs) : novaAttribute(hs, path[0])
  for (let i = 1; i < path.length; i++) {
    if (obj === undefined || obj === null) return undefined
    // Nova calls .get() on whatever it reached; on anything but a dict that raises AttributeError.
    if (!isDict(obj)) throw new QueryError(`$${path.slice(0, i).join('.')} is not a dict, so it has no '${path[i]}'`)
    obj = Object.hasOwn(obj, path[i]) ? obj[path[i]] : undefined
  }
  return obj ?? undefined
}

// The query is parsed once per request, not once per host.
const parsed = new WeakMap<RequestSpec, { text: string; query: unknown } | { text: string; error: string }>()
function queryOf(spec: RequestSpec, text: string): { query: unknown } | { error: string } {
  const hit = parsed.get(spec)
  if (hit && hit.text === text) return hit
  let entry: { text: string; query: unknown } | { text: string; error: string }
  try {
    entry = { text, query: parseQuery(text) }
  } catch (e) {
    entry = { text, error: e instanceof Error ? e.message : String(e) }
  }
  parsed.set(spec, entry)
  return entry
}

/** JsonFilter. */
export const jsonFilter: HostFilter = {
  name: 'JsonFilter',
  reject(hs, spec) {
    const text = spec.hints.query
    // No query, or an empty one: every host passes.
    if (!text) return null
    const q = queryOf(spec, text)
    // The API refuses a bad query before scheduling; this covers requests made around it.
    if ('error' in q) return q.error
    const resolve = (path: readonly string[]): unknown => hostVariable(hs, path)
    try {
      return queryPasses(q.query, resolve) ? null : explainQuery(q.query, resolve)
    } catch (e) {
      if (e instanceof QueryError) return `query cannot be evaluated on this host: ${e.message} (Nova raises here)`
      throw e
    }
  },
}
