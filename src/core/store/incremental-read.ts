// Reads state.json again and again for a long-lived reader (the dashboard),
// parsing only what changed since the last read.
//
// store.ts writes one object of each collection per line (check.ts), and a
// transaction leaves the text of every object it did not change exactly as it
// was. So a line whose text was in the last read stands for the very object
// parsed then: it is reused, and only new or changed lines are parsed. A
// commit that changes one server of 10,000 costs a split and a lookup per
// line instead of a JSON.parse of the whole file (~150 ms at 19 MiB, during
// which no key is handled), and the objects of unchanged lines are shared by
// consecutive states instead of held twice. The parse runs in slices that
// give the event loop back, so keys are handled while a big change is read.
//
// What is kept of a line between reads is a SHA-1 digest of its text, not the
// text: the lines are slices of the file's text, which they would keep whole
// in memory (14 MB at 10,000 servers) for nothing but the comparison; the
// digests take ~2 MB. The price is CPU: hashing the 30,000 lines of 10,000
// servers (with their allocations and fake domains) takes 55 to 80 ms per
// read here, where comparing texts took ~7 ms; it runs in the same slices as
// the parse, so keys are still handled meanwhile. The first read keeps the
// file's bytes and hashes them in the background after it, so that the
// dashboard's first frame does not wait for the hashing. (SHA-1 and not a
// weaker hash: two lines with one digest would show a stale object; only a
// file crafted for it could do that, and whoever can write state.json can
// write any state anyway.)
//
// The file is read as bytes, and only what is parsed is decoded: a block whose
// bytes have the digest of last time is the last read's without being decoded
// or split, and a first read decodes only the blocks it parses at once, each
// as one JSON text ("[", its lines, "]"), without splitting it into lines. At
// 10,000 servers that took ~35 ms off the dashboard's first frame: decoding
// the whole 24 MiB and splitting it into 50,000 lines had come first.
//
// A first read can leave collections its user does not show at once (the
// dashboard: the fake hosts' domains, a quarter of a big file) to be parsed
// after it, with the hashing: their parse is off the first frame's path. Until
// then the state's property is a getter that parses on first use.
//
// The objects handed out are shared between reads: readers must not change them.
// A reader can also skip collections its user never reads at all (the
// dashboard: the fake hosts' domains, which the fake driver reads from the store
// itself): they are neither parsed nor kept, and the state it hands out has an
// empty list there. That is 10,000 objects and their texts (~5 MB) fewer in a
// long-lived process.
//
// A file in any other layout (a hand edit, an older schema that needs
// migrating) is read by Store.read(), with all its checks and messages.
import { hash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { StoreCorruptError } from '../errors.js'
import { emptyState, SCHEMA_VERSION } from './constants.js'
import { BLOCK_END, blockAt, lazyProperty, topLevelLine } from './layout.js'
import { fingerprint } from './fingerprint.js'
import type { State } from './schema.js'

/** What a reader falls back to for a file it cannot read line by line (Store.read()). */
export interface FullReader {
  readonly path: string
  read(): Promise<State>
}

/** How long a parse slice may run before the event loop gets a turn (ms). */
const SLICE_MS = 8

// The collections a state has: each must be a list (Store.read() says what is wrong otherwise).
const COLLECTIONS = Object.entries(emptyState()).flatMap(([k, v]) => (Array.isArray(v) ? [k] : []))

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

// An object line without its indent and separating comma.
const objectText = (line: string) => (line.endsWith(',') ? line.slice(4, -1) : line.slice(4))

// A text's or bytes' digest: equal digests stand for equal contents (crypto.hash: one call, no Hash object per line).
const digest = (data: string | Buffer) => hash('sha1', data, 'base64')

const NEWLINE = 0x0a

// The file in one read where the system allows: FileHandle.readFile() reads in
// 512 KiB chunks, each a turn of the event loop, so a big file (48 chunks at
// 24 MiB) was read only as fast as a busy main thread (the dashboard loading its
// code meanwhile) came back to it.
async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafeSlow(size)
  let done = 0
  while (done < size) {
    const { bytesRead } = await handle.read(bytes, done, size - done, done)
    if (bytesRead === 0) break // shorter than its stat said: parsed as it is (and refused if cut short)
    done += bytesRead
  }
  return bytes.subarray(0, done)
}

function indexOf(keys: readonly string[]): Map<string, number> {
  const at = new Map<string, number>()
  keys.forEach((t, i) => at.set(t, i))
  return at
}

// Thrown inside a read when the text is not in store.ts's layout: the full reader takes over.
class OtherLayout extends Error {}

/** A first read's block, kept as bytes until it is hashed (and, if deferred, parsed) after the read. */
interface Unhashed {
  /** The block as a JSON text: "[", the object lines, "  ]". */
  json: Buffer
  /** Its object lines' texts, once split (for a parse in slices, and the hashing). */
  texts?: string[]
  /** How many of the lines are in values, while a deferred block is parsed (undefined: all). */
  parsed?: number
}

/** A collection as last read: each object line's digest and the value parsed from it. */
interface Lines {
  /** Each object line's digest (empty while unhashed). */
  keys: string[]
  /** The digest of the whole block (its JSON text's bytes; '' while unhashed). */
  block: string
  values: unknown[]
  /** Key -> index, made only when lines moved (an insert or a delete before the end). */
  at?: Map<string, number>
  /** Set on a first read's block until #hashAll is done with it. */
  unhashed?: Unhashed
}

/** How many lines of a deferred collection are parsed at a time in the background. */
const DEFERRED_SLICE = 1000

// A block's object lines, from its JSON text.
function splitLines(json: Buffer): string[] {
  return json.toString('utf8', 2, json.length - BLOCK_END.length).split('\n')
}

// Parses a deferred block's lines up to `end` (all of them in one parse when none were split yet).
function parseUpTo(lines: Lines, end: number): void {
  const pending = lines.unhashed
  if (pending?.parsed === undefined) return
  if (!pending.texts) {
    lines.values = JSON.parse(pending.json.toString('utf8')) as unknown[]
    pending.parsed = undefined
    return
  }
  const from = pending.parsed
  if (from >= end) return
  const values = JSON.parse(`[${pending.texts.slice(from, end).map(objectText).join(',')}]`) as unknown[]
  for (const value of values) lines.values.push(value)
  pending.parsed = end < pending.texts.length ? end : undefined
}

/** One state file, read incrementally; one reader per long-lived consumer. */
export class IncrementalStateReader {
  #lines = new Map<string, Lines>()
  #seen: string | undefined
  #last: State | undefined
  #deferring = true
  // Reads run one after another: each builds on the lines of the one before, and
  // a read that started later never settles with an older state than one before it.
  #queue: Promise<unknown> = Promise.resolve()

  /**
   * `defer`: collections a first read leaves to parse after it (see above);
   * `skip`: collections never read (handed out empty);
   * `backgroundAfter`: what that parse and the hashing wait for (the dashboard:
   * its first frame), so that they never delay it.
   */
  constructor(
    private readonly store: FullReader,
    private readonly options: { defer?: readonly string[]; skip?: readonly string[]; backgroundAfter?: Promise<unknown> } = {},
  ) {}

  /**
   * The newest committed state. The same object as last time when the file did
   * not change; otherwise a new state whose unchanged objects are last time's.
   */
  read(): Promise<State> {
    const reading = this.#queue.then(() => this.#read())
    // Blocks kept by a first read are hashed before the next read starts.
    this.#queue = reading.then(
      () => this.#hashAll(),
      () => undefined,
    )
    return reading
  }

  /** Settles once the reads asked for so far and the work after them (a first read's deferred parse and hashing) are done. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined)
  }

  async #read(): Promise<State> {
    let handle
    try {
      handle = await open(this.store.path, 'r')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      return this.#full() // no file yet: an empty state, as Store.read() makes it
    }
    let bytes: Buffer
    let seen: string
    try {
      // Stat and read the same open file: state.json is only ever replaced, never rewritten.
      const st = await handle.stat({ bigint: true })
      seen = fingerprint(st)
      if (seen === this.#seen && this.#last) return this.#last
      bytes = await readWhole(handle, Number(st.size))
    } finally {
      await handle.close()
    }
    try {
      const state = await this.#parse(bytes)
      this.#seen = seen
      this.#last = state
      return state
    } catch (err) {
      if (!(err instanceof OtherLayout) && !(err instanceof SyntaxError)) throw err
      return this.#full()
    }
  }

  // Nothing of the last read is reused by the next one.
  #forget(): void {
    this.#lines = new Map()
    this.#seen = undefined
    this.#last = undefined
  }

  async #full(): Promise<State> {
    this.#forget()
    const state = await this.store.read()
    // Store.read() may leave collections to be parsed on first use (layout.ts):
    // parse them here, so that a corrupt file fails this read, not a screen later.
    for (const key of COLLECTIONS) {
      if (this.options.skip?.includes(key)) (state as unknown as Record<string, unknown>)[key] = []
      else void (state as unknown as Record<string, unknown>)[key]
    }
    return state
  }

  // Parses the deferred blocks of a first read and replaces the bytes it kept by
  // digests, in slices after a turn (the first frame is drawn meanwhile).
  async #hashAll(): Promise<void> {
    if (this.options.backgroundAfter && [...this.#lines.values()].some((l) => l.unhashed)) await this.options.backgroundAfter
    for (const lines of this.#lines.values()) {
      const pending = lines.unhashed
      if (!pending) continue
      await turn()
      try {
        if (pending.parsed !== undefined) {
          pending.texts ??= splitLines(pending.json)
          while (pending.parsed !== undefined) {
            parseUpTo(lines, pending.parsed + DEFERRED_SLICE)
            await turn()
          }
        }
      } catch {
        // A corrupt line: the next read parses all (and fails as Store.read() does); a getter still unread throws too.
        this.#deferring = false
        this.#forget()
        return
      }
      const texts = pending.texts ?? splitLines(pending.json)
      // A block that is not one object per line (a hand edit JSON.parse took whole)
      // cannot be compared line by line: the next read starts afresh.
      if (texts.length !== lines.values.length) {
        this.#forget()
        return
      }
      let sliceStart = performance.now()
      const keys: string[] = []
      for (const text of texts) {
        keys.push(digest(objectText(text)))
        if (performance.now() - sliceStart > SLICE_MS) {
          await turn()
          sliceStart = performance.now()
        }
      }
      lines.keys = keys
      lines.block = digest(pending.json)
      lines.at = undefined
      lines.unhashed = undefined
    }
  }

  async #parse(bytes: Buffer): Promise<State> {
    if (bytes[0] !== 0x7b || bytes[1] !== NEWLINE) throw new OtherLayout() // "{\n"
    const out: Record<string, unknown> = {}
    const next = new Map<string, Lines>()
    let sliceStart = performance.now()
    let pos = 2
    for (;;) {
      const eol = bytes.indexOf(NEWLINE, pos)
      if (eol < 0) throw new OtherLayout()
      const line = bytes.toString('utf8', pos, eol)
      if (line === '}') {
        if (eol !== bytes.length - 1) throw new OtherLayout()
        break
      }
      const top = topLevelLine(line)
      if (!top) throw new OtherLayout()
      const [key, rest] = top
      pos = eol + 1
      if (rest !== '[') {
        out[key] = JSON.parse(rest.endsWith(',') ? rest.slice(0, -1) : rest)
        continue
      }
      const span = blockAt(bytes, eol)
      if (!span) throw new OtherLayout()
      pos = span.next
      if (this.options.skip?.includes(key)) {
        out[key] = []
        continue
      }
      const json = bytes.subarray(eol - 1, span.json) // "[", the object lines, "  ]"
      const before = this.#lines.get(key)
      if (!before || before.unhashed) {
        // Nothing to reuse (the first read): one parse of the block is quicker than one per
        // line, and the lines are hashed later (#hashAll), after the state is handed out.
        const deferred = this.#deferring && this.options.defer?.includes(key)
        const lines: Lines = { keys: [], block: '', values: [], unhashed: { json, parsed: deferred ? 0 : undefined } }
        next.set(key, lines)
        if (deferred) {
          lazyCollection(out, key, lines)
          continue
        }
        lines.values = JSON.parse(json.toString('utf8')) as unknown[]
        out[key] = lines.values.slice() // the reader's own list stays as read, whatever a reader does with the state's
        continue
      }
      // A block whose bytes did not change (most collections in most commits: a
      // server's status changes, its allocation and domain do not) is the last
      // read's, neither decoded nor split.
      const block = digest(json)
      if (block === before.block) {
        out[key] = before.values.slice()
        next.set(key, before)
        continue
      }
      // Where this line would be in the last read if nothing moved: most commits
      // change objects in place, append, or remove one, so a look there (or one
      // further) finds it; a line not there is looked up by its digest.
      const keys: string[] = []
      const values: unknown[] = []
      let j = 0
      for (const line of splitLines(json)) {
        if (!line.startsWith('    ')) throw new OtherLayout()
        const text = objectText(line)
        const lineKey = digest(text)
        let k = before.keys[j] === lineKey ? j : before.keys[j + 1] === lineKey ? j + 1 : -1
        if (k < 0 && j < before.keys.length) k = (before.at ??= indexOf(before.keys)).get(lineKey) ?? -1
        let value
        if (k >= 0) {
          value = before.values[k]
          j = k + 1
        } else value = JSON.parse(text)
        if (performance.now() - sliceStart > SLICE_MS) {
          await turn()
          sliceStart = performance.now()
        }
        keys.push(lineKey)
        values.push(value)
      }
      out[key] = values.slice()
      next.set(key, { keys, block, values })
    }
    if (out.version !== SCHEMA_VERSION || typeof out.generation !== 'number') throw new OtherLayout()
    // (A collection read from a block is a list; a deferred one is not touched here.)
    if (COLLECTIONS.some((k) => !next.has(k) && !Array.isArray(out[k]))) throw new OtherLayout()
    this.#lines = next
    return out as unknown as State
  }
}

// A deferred collection of a first read: parsed when first read (if the
// background parse has not finished it), then a plain property like the rest.
function lazyCollection(state: Record<string, unknown>, key: string, lines: Lines): void {
  lazyProperty(state, key, () => {
    try {
      parseUpTo(lines, Infinity)
    } catch (err) {
      throw new StoreCorruptError(`The state file is not valid JSON in "${key}" (${(err as Error).message})`, 'Run any homenova command (e.g. `homenova server list`) for what is wrong and how to repair it.', err)
    }
    return lines.values.slice()
  })
}
