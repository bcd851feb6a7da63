// Reading state.json in the layout check.ts writes, without parsing what nobody uses.
//
// The file holds one top-level key per line, and each collection as one object
// per line:
//
//   {
//     "version": 4,
//     "generation": 12,
//     "servers": [
//       {"id":"…",…},
//       {"id":"…",…}
//     ],
//     "tasks": [],
//     "config": {}
//   }
//
// JSON.parse of the whole file took about 15 ms of every command at 1,000 servers
// (1.8 MiB, of which `server list` needs the servers, flavors and images), and a
// transaction re-serialized every object to find the few it changed. Here
// each collection stays text until the program first touches it: a getter parses
// it and puts the array in its place. A collection still behind its getter after a
// transaction cannot have changed, so check.ts writes its lines back as they were
// read, neither parsed nor validated nor stringified.
//
// Only a file of the current schema version in exactly this layout is read so; any
// other (hand-edited, older, unfinished) is parsed whole by the caller, as before.
import { SCHEMA_VERSION } from './constants.js'

/** The collections of a lazily read file, as read. */
export interface Layout {
  /** Each collection written as a block: the text of its object lines as read (one per line, commas included). */
  readonly blocks: ReadonlyMap<string, string>
  /** The getter each block's property started with: while it is still there, nothing touched the collection. */
  readonly getters: ReadonlyMap<string, () => unknown>
}

/**
 * A top-level line (`  "key": rest`) split in two; null for any other line. Not a
 * RegExp: V8 keeps the subject of the last successful match, and a line is a
 * slice of the whole file's text, which would then stay in memory.
 */
export function topLevelLine(line: string): [key: string, rest: string] | null {
  if (!line.startsWith('  "')) return null
  const end = line.indexOf('": ', 3)
  if (end <= 3) return null
  const key = line.slice(3, end)
  return key.includes('"') || key.includes('\\') ? null : [key, line.slice(end + 3)]
}

/**
 * Makes `key` of `state` a collection parsed on first use: a getter that calls
 * `parse` and puts its value in its place (an assignment does too). Returns the
 * getter, which stays on the property while nothing has used it.
 */
export function lazyProperty(state: object, key: string, parse: () => unknown): () => unknown {
  const own = (value: unknown) => Object.defineProperty(state, key, { value, writable: true, enumerable: true, configurable: true })
  const get = () => {
    const value = parse()
    own(value)
    return value
  }
  Object.defineProperty(state, key, { get, set: own, enumerable: true, configurable: true })
  return get
}
// Where a block ends: object lines start with four spaces and JSON text holds no
// raw newline, so this appears nowhere else.
export const BLOCK_END = '\n  ]'

/**
 * The block of the collection whose line (`  "key": [`) ends with the newline at
 * `eol`, in a file's text or bytes (incremental-read.ts reads bytes): object
 * lines, each starting with four spaces, then `  ]` or `  ],` alone on a line.
 * `json` is where its JSON text ("[", the object lines, "  ]") ends, `next`
 * where the line after it starts; undefined when the file is not in this layout.
 */
export function blockAt(source: string | Buffer, eol: number): { json: number; next: number } | undefined {
  const text = (from: number, to: number) => (typeof source === 'string' ? source.slice(from, to) : source.toString('latin1', from, to))
  const end = source.indexOf(BLOCK_END, eol)
  const after = end < 0 ? -1 : source.indexOf('\n', end + 1)
  if (after < 0 || text(eol + 1, eol + 5) !== '    ') return undefined
  const closing = text(end + 1, after)
  return closing === '  ]' || closing === '  ],' ? { json: end + BLOCK_END.length, next: after + 1 } : undefined
}

/**
 * The state in `text` with each collection parsed on first use, or undefined when
 * the text is not a current-version file in the layout above. `corrupt` makes the
 * error a collection that fails to parse throws (when it is first used).
 *
 * The text is scanned line by line only outside the collections; a collection is
 * found by its end and kept as a slice of the text (no copy, no array of lines).
 */
export function readLazily(text: string, corrupt: (reason: string, cause: unknown) => Error): { state: Record<string, unknown>; layout: Layout } | undefined {
  if (!text.startsWith('{\n')) return undefined
  const state: Record<string, unknown> = {}
  const blocks = new Map<string, string>()
  const getters = new Map<string, () => unknown>()
  let pos = 2
  for (;;) {
    const eol = text.indexOf('\n', pos)
    if (eol < 0) return undefined
    const line = text.slice(pos, eol)
    if (line === '}') {
      if (eol !== text.length - 1 || state.version !== SCHEMA_VERSION) return undefined
      return { state, layout: { blocks, getters } }
    }
    const top = topLevelLine(line)
    if (!top) return undefined
    const [key, rest] = top
    if (rest !== '[') {
      try {
        state[key] = JSON.parse(rest.endsWith(',') ? rest.slice(0, -1) : rest)
      } catch {
        return undefined
      }
      pos = eol + 1
      continue
    }
    const block = blockAt(text, eol)
    if (!block) return undefined
    const json = text.slice(eol - 1, block.json) // "[", the object lines, "  ]"
    blocks.set(key, text.slice(eol + 1, block.json - BLOCK_END.length))
    // On first use the array replaces the getter (and so marks the collection touched).
    const get = lazyProperty(state, key, () => {
      try {
        return JSON.parse(json)
      } catch (err) {
        throw corrupt(`is not valid JSON in "${key}" (${(err as Error).message})`, err)
      }
    })
    getters.set(key, get)
    pos = block.next
  }
}

/** Whether `key` of a lazily read state is still unread and unassigned. */
export function untouched(state: object, layout: Layout, key: string): boolean {
  const get = layout.getters.get(key)
  return get !== undefined && Object.getOwnPropertyDescriptor(state, key)?.get === get
}

/** Whether `key` of the state is an array, or a collection not yet parsed (which is one). */
export function isCollection(state: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(state, key)
  return descriptor !== undefined && (descriptor.get !== undefined || Array.isArray(descriptor.value))
}
