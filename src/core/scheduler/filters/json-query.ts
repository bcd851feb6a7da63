// The query language of Nova's JsonFilter (nova/scheduler/filters/json_filter.py):
// ["and", [">=", "$free_ram_mb", 1024], ["in", "$stats.rack", "r1", "r2"]]. Values
// compare with Python's rules (1 == 1.0 == true, strings by code point, lists
// element-wise; a number never orders against a string).
import { pyCompareStrings } from './extra-specs-ops.js'

/** Where Nova raises while evaluating a query on a host (a TypeError or AttributeError): the host cannot pass. */
export class QueryError extends Error {}

/** Looks up `$a.b` (given as ['a', 'b']) on the host; undefined when Nova finds None. */
export type QueryResolver = (path: readonly string[]) => unknown

const COMMANDS = new Set(['=', '<', '>', 'in', '<=', '>=', 'not', 'or', 'and'])
type Dict = Record<string, unknown>
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean'

/** Python truthiness: None, False, 0, '', [] and {} are false. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v !== ''
  if (Array.isArray(v)) return v.length > 0
  if (isDict(v)) return Object.keys(v).length > 0
  return true
}

/** Python ==: numbers and booleans by value, lists element-wise, dicts by keys and values. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return Number(a) === Number(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]))
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]))
  }
  return a === b
}

type Order = '<' | '>' | '<=' | '>='
function ordered(op: Order, c: number): boolean {
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0
}
const pyType = (v: unknown): string =>
  typeof v === 'string' ? 'str' : isNumber(v) ? 'number' : Array.isArray(v) ? 'list' : isDict(v) ? 'dict' : 'None'

// Python's a < b (etc.); mixed types raise TypeError in Nova.
function pyOrder(op: Order, a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) {
    const x = Number(a)
    const y = Number(b)
    return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y
  }
  if (typeof a === 'string' && typeof b === 'string') return ordered(op, pyCompareStrings(a, b))
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (!pyEquals(a[i], b[i])) return pyOrder(op, a[i], b[i])
    return ordered(op, a.length - b.length)
  }
  throw new QueryError(`'${op}' cannot compare ${pyType(a)} ${JSON.stringify(a)} with ${pyType(b)} ${JSON.stringify(b)}`)
}

// Nova's _op_compare: false with fewer than two arguments; else the first against
// every other one (all are compared, so a TypeError anywhere raises).
function compareAll(op: string, args: unknown[]): boolean {
  if (args.length < 2) return false
  const [first, ...rest] = args
  if (op === 'in') return rest.some((x) => pyEquals(first, x))
  let ok = true
  for (const x of rest) if (!(op === '=' ? pyEquals(first, x) : pyOrder(op as Order, first, x))) ok = false
  return ok
}

const paths = new Map<string, string[]>()
// Nova's _parse_string: '' is None, '$a.b' a host lookup, anything else itself.
function cook(arg: string, resolve: QueryResolver): unknown {
  if (arg === '') return undefined
  if (!arg.startsWith('$')) return arg
  let path = paths.get(arg)
  if (!path) {
    path = arg.slice(1).split('.')
    if (paths.size >= 1024) paths.clear()
    paths.set(arg, path)
  }
  return resolve(path)
}

// Nova's _process_filter: an empty list is true; arguments that come out None are dropped.
function run(query: readonly unknown[], resolve: QueryResolver): boolean | boolean[] {
  if (query.length === 0) return true
  const op = query[0]
  if (typeof op !== 'string' || !COMMANDS.has(op)) throw new QueryError(`unknown operator ${JSON.stringify(op)}`)
  const args: unknown[] = []
  for (let i = 1; i < query.length; i++) {
    const raw = query[i]
    const arg = Array.isArray(raw) ? run(raw, resolve) : typeof raw === 'string' ? cook(raw, resolve) : raw
    if (arg !== null && arg !== undefined) args.push(arg)
  }
  if (op === 'not') return args.map((a) => !pyTruthy(a)) // a list: only the top level reads it as any()
  if (op === 'or') return args.some(pyTruthy)
  if (op === 'and') return args.every(pyTruthy)
  return compareAll(op, args)
}

// Nova indexes a JSON string query like a list of its characters: '=aa' is ['=', 'a', 'a'].
const asQuery = (q: unknown): unknown => (typeof q === 'string' ? Array.from(q) : q)

/** Whether a host passes a parsed query: Nova's host_passes (a top-level list result passes if any item is true). */
export function queryPasses(query: unknown, resolve: QueryResolver): boolean {
  const q = asQuery(query)
  if (!pyTruthy(q)) return true
  if (!Array.isArray(q)) throw new QueryError(`a query must be a list, not ${pyType(q)}`)
  const result = run(q, resolve)
  return Array.isArray(result) ? result.some(Boolean) : result
}

function checkList(query: readonly unknown[]): void {
  if (query.length === 0) return
  const op = query[0]
  if (typeof op !== 'string' || !COMMANDS.has(op)) {
    throw new Error(`unknown query operator ${JSON.stringify(op)}; the operators are ${[...COMMANDS].join(' ')}`)
  }
  for (const arg of query.slice(1)) if (Array.isArray(arg)) checkList(arg)
}

/**
 * Parses and checks a JsonFilter query. Nova raises at scheduling time on an unknown
 * operator, or on a query that is neither empty nor a list; homenova refuses those
 * up front so that nothing is recorded for a request that cannot be scheduled.
 */
export function parseQuery(text: string): unknown {
  let query: unknown
  try {
    query = JSON.parse(text)
  } catch (e) {
    throw new Error(`query is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const q = asQuery(query)
  if (!pyTruthy(q)) return query // empty: every host passes
  if (!Array.isArray(q)) throw new Error(`a query must be a list such as [">=", "$free_ram_mb", 1024], not ${text}`)
  checkList(q)
  return query
}

function variables(term: unknown, out: Set<string>): Set<string> {
  if (typeof term === 'string' && term.startsWith('$')) out.add(term)
  if (Array.isArray(term)) for (const t of term) variables(t, out)
  return out
}

/** Why a host fails a query: the first false term of a chain of 'and's, with the host's values of its variables. */
export function explainQuery(query: unknown, resolve: QueryResolver): string {
  let term = asQuery(query)
  while (Array.isArray(term) && term[0] === 'and') {
    const failing = term.slice(1).find((t) => Array.isArray(t) && !pyTruthy(run(t, resolve)))
    if (failing === undefined) break
    term = failing
  }
  const values = [...variables(term, new Set())].map((v) => `${v} is ${JSON.stringify(cook(v, resolve)) ?? 'missing'}`)
  return `query ${JSON.stringify(term)} is false for this host${values.length ? ` (${values.join(', ')})` : ''}`
}
