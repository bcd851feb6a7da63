// What a transaction checks and writes, loaded with zod by the first transaction.
//
// Validating the whole state with zod on every write cost about 120 ms at 1,000
// servers (1.4 s at 10,000), most of a write. A transaction changes a few
// objects, so only those are validated: state.json holds one object of each
// collection per line, exactly as JSON.stringify writes it, and an object whose
// text after the transaction is a line of the file it read is unchanged. A file
// homenova did not write itself (see Store: its fingerprint is not the one the
// last transaction recorded) is validated whole when a transaction reads it, so
// what is left unchanged is always valid and no invalid state is ever written.
import { prettifyError, z } from 'zod'
import { stateSchema, type State } from './schema.js'

/** The object lines of a state file, per collection: what the transaction read. */
export type Snapshot = Map<string, Set<string>>

const SHAPE = stateSchema.shape as Record<string, z.ZodType>
const KEYS = Object.keys(SHAPE)
const ELEMENT = new Map(KEYS.flatMap((k) => (SHAPE[k] instanceof z.ZodArray ? [[k, (SHAPE[k] as z.ZodArray<z.ZodType>).element] as const] : [])))

const COLLECTION_START = /^ {2}"([^"]+)": \[$/

/** The lines of each collection in a file written by serialize() (nothing for a file in any other layout). */
export function snapshotOf(text: string): Snapshot {
  const snapshot: Snapshot = new Map()
  let current: Set<string> | undefined
  for (const line of text.split('\n')) {
    const start = COLLECTION_START.exec(line)
    if (start) snapshot.set(start[1], (current = new Set()))
    else if (current && line.startsWith('    ')) current.add(line.endsWith(',') ? line.slice(4, -1) : line.slice(4))
    else current = undefined
  }
  return snapshot
}

/** Thrown when a state fails the schema; says where. */
export class InvalidStateError extends Error {
  constructor(
    readonly where: string,
    readonly error: z.ZodError,
  ) {
    super(`${where}: ${prettifyError(error)}`)
  }
}

/** The whole state validated (zod's output: unknown keys dropped); for a file homenova did not write. */
export function validateState(raw: unknown): State {
  const parsed = stateSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidStateError('state', parsed.error)
  return parsed.data
}

/**
 * The text of state.json for `state`: the objects not in `read` validated (and
 * replaced by zod's output), the rest as they were. Throws InvalidStateError.
 */
export function serialize(state: State, read: Snapshot): string {
  const record = state as unknown as Record<string, unknown>
  const parts: string[] = []
  for (const key of KEYS) {
    const element = ELEMENT.get(key)
    const value = record[key]
    if (!element) {
      const parsed = SHAPE[key].safeParse(value)
      if (!parsed.success) throw new InvalidStateError(key, parsed.error)
      parts.push(`  ${JSON.stringify(key)}: ${JSON.stringify(parsed.data)}`)
      continue
    }
    if (!Array.isArray(value)) throw new InvalidStateError(key, new z.ZodError([{ code: 'invalid_type', expected: 'array', input: value, path: [], message: 'expected a list' }]))
    const seen = read.get(key) ?? new Set<string>()
    const lines = value.map((item: unknown, i) => {
      const text = JSON.stringify(item)
      if (text !== undefined && seen.has(text)) return `    ${text}`
      const parsed = element.safeParse(item)
      if (!parsed.success) throw new InvalidStateError(`${key}[${i}]`, parsed.error)
      value[i] = parsed.data
      return `    ${JSON.stringify(parsed.data)}`
    })
    parts.push(`  ${JSON.stringify(key)}: ${lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`}`)
  }
  return `{\n${parts.join(',\n')}\n}\n`
}
