// Checks made from the state's JSON Schema, which zod itself derives from schema.ts
// (state-json-schema.ts; the build stores it in the bundle), so that a transaction
// need not load zod: zod took about 40 ms of a fresh process to load and set up,
// a fifth of a one-flavor write.
//
// A check here answers one question: would zod accept this value and give it
// back unchanged? Only then is the value written without zod. Every other value
// (invalid, or one zod would change: unknown keys it strips, a default it fills)
// goes to zod, which fixes it or says what is wrong in its own words. So a check
// may say "no" too often, never "yes" wrongly: any keyword or shape this file
// does not know makes its part of the schema answer "no".

/** The JSON Schema keywords zod's toJSONSchema writes that this file understands. */
interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  [other: string]: unknown
}

/** Whether zod would accept a value and return it as it is. */
export type Check = (value: unknown) => boolean

const KNOWN = new Set(['type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'anyOf', 'oneOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'description', 'title', '$schema'])
const never: Check = () => false

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

const TYPES: Record<string, Check> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v), // zod refuses NaN and infinities
  integer: (v) => Number.isSafeInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  object: isPlainObject,
  array: (v) => Array.isArray(v),
}

// Whether a branch of a union can only match values no other branch matches
// without zod changing them: zod takes the first branch that accepts, and an
// object branch may accept (stripping keys) what a later one matches exactly.
const scalarOnly = (s: JsonSchema) => s.const !== undefined || s.enum !== undefined || (s.type !== undefined && [s.type].flat().every((t) => t !== 'object' && t !== 'array'))

/** The check for one JSON Schema (as zod's toJSONSchema writes it for output). */
export function compileCheck(schema: JsonSchema): Check {
  if (Object.keys(schema).some((k) => !KNOWN.has(k) && k !== 'default')) return never
  // A default means zod fills a missing value: never "unchanged" then, which the
  // parent's `required` already says (zod lists defaulted keys as required for output).
  const checks: Check[] = []
  if (schema.type !== undefined) {
    const types = [schema.type].flat().map((t) => TYPES[t] ?? never)
    checks.push(types.length === 1 ? types[0] : (v) => types.some((t) => t(v)))
  }
  if (schema.const !== undefined) {
    const c = schema.const
    checks.push((v) => v === c)
  }
  if (schema.enum) {
    const values = new Set(schema.enum)
    checks.push((v) => values.has(v))
  }
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema
  if (minimum !== undefined) checks.push((v) => typeof v !== 'number' || v >= minimum)
  if (maximum !== undefined) checks.push((v) => typeof v !== 'number' || v <= maximum)
  if (exclusiveMinimum !== undefined) checks.push((v) => typeof v !== 'number' || v > exclusiveMinimum)
  if (exclusiveMaximum !== undefined) checks.push((v) => typeof v !== 'number' || v < exclusiveMaximum)
  const { minLength, maxLength, pattern } = schema
  // zod counts a string's length in UTF-16 units, as String.length does.
  if (minLength !== undefined) checks.push((v) => typeof v !== 'string' || v.length >= minLength)
  if (maxLength !== undefined) checks.push((v) => typeof v !== 'string' || v.length <= maxLength)
  if (pattern !== undefined) {
    const re = new RegExp(pattern)
    checks.push((v) => typeof v !== 'string' || re.test(v))
  }
  if (schema.items) {
    const item = compileCheck(schema.items)
    checks.push((v) => !Array.isArray(v) || v.every((x) => item(x)))
  }
  if (schema.properties || schema.additionalProperties !== undefined || schema.required || schema.propertyNames) checks.push(objectCheck(schema))
  for (const union of [schema.anyOf, schema.oneOf]) {
    if (!union) continue
    if (union.filter((s) => !scalarOnly(s)).length > 1 && union !== schema.oneOf) return never
    // oneOf is zod's discriminated union: its branches differ in a constant, so at most one can match.
    const branches = union.map(compileCheck)
    checks.push((v) => branches.some((b) => b(v)))
  }
  if (checks.length === 0) return schema.type === undefined && Object.keys(schema).length === 0 ? never : () => true
  return checks.length === 1 ? checks[0] : (v) => checks.every((c) => c(v))
}

// An object: its required keys present, each known key's value right, and (zod
// strips unknown keys) no other key unless the schema gives them a schema.
function objectCheck(schema: JsonSchema): Check {
  const properties = Object.entries(schema.properties ?? {}).map(([k, s]) => [k, compileCheck(s)] as const)
  const known = new Set(properties.map(([k]) => k))
  const required = schema.required ?? []
  const extra = schema.additionalProperties
  // zod's toJSONSchema says `false` for a plain z.object (strip); a missing one would mean "any".
  const other: Check = typeof extra === 'object' ? compileCheck(extra) : never
  const name = schema.propertyNames ? compileCheck(schema.propertyNames) : () => true
  return (v) => {
    if (!isPlainObject(v)) return false
    for (const k of required) if (v[k] === undefined) return false
    for (const [k, check] of properties) if (v[k] !== undefined && !check(v[k])) return false
    for (const k of Object.keys(v)) {
      if (known.has(k)) continue
      // A record (additionalProperties: a schema) checks every value, undefined too;
      // a plain object drops unknown keys, which changes nothing unless one has a value.
      if (typeof extra === 'object' ? !name(k) || !other(v[k]) : v[k] !== undefined) return false
    }
    return true
  }
}
