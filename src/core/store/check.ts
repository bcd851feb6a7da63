// What a transaction checks and writes, loaded by the first transaction.
//
// Validating the whole state with zod on every write cost about 120 ms at 1,000
// servers (1.4 s at 10,000), most of a write. A transaction changes a few
// objects, so only those are validated: state.json holds one object of each
// collection per line, exactly as JSON.stringify writes it (layout.ts), and an
// object whose text after the transaction is a line of the file it read is
// unchanged. A collection the transaction never touched is not even looked at: its
// lines are written back as read. A file homenova did not write itself (see Store:
// its fingerprint is not the one the last transaction recorded) is validated whole
// when a transaction reads it, so what is left unchanged is always valid and no
// invalid state is ever written.
//
// What changed is checked by fast-check.ts against the JSON Schema zod makes of
// schema.ts; zod itself (zod-check.ts) is loaded only for what that check cannot
// pass: an invalid object (zod says why), one zod would change (it is written as
// zod returns it), or a whole file to validate.
import { compileCheck, type Check } from './fast-check.js'
import { untouched, type Layout } from './layout.js'
import type { State } from './schema.js'
import { STATE_JSON_SCHEMA } from './state-json-schema.js'

type Schema = { type?: string; items?: Record<string, unknown> } & Record<string, unknown>
const PROPERTIES = (STATE_JSON_SCHEMA as { properties: Record<string, Schema> }).properties
/** The state's keys, in the schema's order (the file's). */
const KEYS = Object.keys(PROPERTIES)
/** The keys holding collections (one object per line), and their objects' check. */
const ELEMENT = new Map(KEYS.flatMap((k) => (PROPERTIES[k].type === 'array' && PROPERTIES[k].items ? [[k, compileCheck(PROPERTIES[k].items)] as const] : [])))
/** The check of every other key's value. */
const VALUE = new Map<string, Check>(KEYS.filter((k) => !ELEMENT.has(k)).map((k) => [k, compileCheck(PROPERTIES[k])]))

// An object line of a block, without its indent and separating comma.
const objectText = (line: string) => (line.endsWith(',') ? line.slice(4, -1) : line.slice(4))

let zodCheck: Promise<typeof import('./zod-check.js')> | undefined
const zod = () => (zodCheck ??= import('./zod-check.js'))

/** Thrown when a state fails the schema; says where and what (zod's words). */
export class InvalidStateError extends Error {
  constructor(
    readonly where: string,
    message: string,
    /** zod's error. */
    readonly error: unknown,
  ) {
    super(`${where}: ${message}`)
  }
}

/** The whole state validated (zod's output: unknown keys dropped); for a file homenova did not write. */
export async function validateState(raw: unknown): Promise<State> {
  return (await zod()).validateState(raw)
}

/**
 * The text of state.json for `state` with `generation`: the collections untouched
 * since they were read (`read`: the file's layout, if it had it) as they were, in
 * the others the objects that are not lines of the file checked (and, where zod
 * had to, replaced by zod's output). Throws InvalidStateError.
 */
export async function serialize(state: State, generation: number, read: Layout | undefined): Promise<string> {
  const record = state as unknown as Record<string, unknown>
  const parts: string[] = []
  for (const key of KEYS) {
    const block = read?.blocks.get(key)
    if (read && block && untouched(state, read, key)) {
      parts.push(`  ${JSON.stringify(key)}: [\n${block}\n  ]`)
      continue
    }
    const element = ELEMENT.get(key)
    let value = key === 'generation' ? generation : record[key]
    if (!element) {
      if (!VALUE.get(key)?.(value)) value = (await zod()).parseValue(key, value)
      parts.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      continue
    }
    if (!Array.isArray(value)) value = (await zod()).parseValue(key, value) // throws: not a list
    const items = value as unknown[]
    const seen = new Set(block?.split('\n').map(objectText))
    const lines: string[] = []
    for (let i = 0; i < items.length; i++) {
      let text = JSON.stringify(items[i])
      if (text === undefined || (!seen.has(text) && !element(items[i]))) {
        items[i] = (await zod()).parseElement(key, i, items[i])
        text = JSON.stringify(items[i])
      }
      lines.push(`    ${text}`)
    }
    parts.push(`  ${JSON.stringify(key)}: ${lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`}`)
  }
  return `{\n${parts.join(',\n')}\n}\n`
}
