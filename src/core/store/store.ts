// The store: homenova's whole state in one JSON file, `${home}/state.json`, and the
// only write path of the product (Store.transact).
//
// Why not lowdb's JSONFile: its writer (steno) uses one fixed temp name, never
// fsyncs, takes no lock and never re-reads before writing, so two processes lose
// updates or tear the file. We keep lowdb's Adapter shape and do the I/O in
// SafeJsonFile below with node:fs: strict reads (a bad file is never empty state),
// a unique 0600 temp file, fsync, a hard-linked state.json.prev, a check that
// state.json is still the file we read, an atomic rename and a directory fsync.
// Writers are serialized by lock.ts (proper-lockfile) across processes and by a
// promise chain within one process.
//
// How the file is laid out (one object per line) and read (each collection parsed
// when first used) is in layout.ts; what a transaction checks and writes (only
// the objects it changed; collections it never touched are copied as text) in
// check.ts.
// A transaction trusts a file without validating it whole only if it is the very
// file the last transaction wrote: state.json.checked records that file's
// fingerprint and schema version, after the rename, under the lock.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import type { Adapter } from 'lowdb'
import { ConflictError, StoreCorruptError } from '../errors.js'
import { emptyState, SCHEMA_VERSION } from './constants.js'
import { isCollection, readLazily, type Layout } from './layout.js'
import { fingerprint } from './fingerprint.js'
import { acquireLock, isProcessAlive } from './lock.js'
import { migrateState } from './migrations.js'
import type { State } from './schema.js'

// zod and the schema cost tens of ms to load, more than the rest of a read-only
// command: reads check the file's shape only, and the checks are loaded by the
// first transaction, which validates what it reads (unless it wrote it) and what it
// changes (check.ts; zod itself only when needed). Every write is validated, so only
// a hand-edited file can pass the shape check yet fail the schema; the next
// transaction refuses such a file.
const loadCheck = () => import('./check.js')
type Validator = (raw: unknown, file: string) => State

const STATE_ARRAYS = ['hosts', 'flavors', 'images', 'servers', 'allocations', 'tasks', 'requestSpecs', 'actions', 'fakeDomains', 'aggregates', 'serverGroups'] as const

/** The cheap check of read(): an object with a generation and every collection an array (or one not parsed yet: layout.ts). */
const checkShape: Validator = (raw, file) => {
  const obj = raw as Record<string, unknown>
  const wrong =
    typeof raw !== 'object' || raw === null || Array.isArray(raw) ? 'is not a JSON object'
    : typeof obj.generation !== 'number' ? 'has no generation'
    : STATE_ARRAYS.find((k) => !isCollection(obj, k))
  if (wrong) throw corrupt(file, `does not match the state schema (${typeof wrong === 'string' && wrong.includes(' ') ? wrong : `${wrong} is not a list`})`)
  return raw as State
}


/** Tuning for tests; the defaults suit the CLI. */
export interface StoreOptions {
  /** A lock untouched for this long is taken over (proper-lockfile's minimum is 2000). */
  staleMs?: number
}

// Thrown when the state changed behind a held lock (proper-lockfile issue 121) or the
// lock was lost: nothing was written, so the whole transaction is simply run again.
class LostRaceError extends Error {}

const MAX_ATTEMPTS = 5
// Our temp files and lock.ts's: `<name>.<pid>.<hex>.<kind>`.
const TEMP_FILE = /^state\.(?:json|lock)\.(\d+)\.[0-9a-f]+\.(?:tmp|prev\.tmp|new|gone)$/
const code = (err: unknown) => (err as NodeJS.ErrnoException).code

// What state.json.checked holds: the file a transaction wrote, and in which schema version.
const checkedMark = (print: string) => `${SCHEMA_VERSION} ${print}\n`
const tempName = (file: string, suffix = '') => `${file}.${process.pid}.${randomBytes(6).toString('hex')}${suffix}.tmp`

function corrupt(file: string, reason: string, cause?: unknown): StoreCorruptError {
  const prev = `${file}.prev`
  const hint = existsSync(prev)
    ? `The previous generation is kept at ${prev}. Inspect both files, then restore it with: cp ${prev} ${file}`
    : `There is no previous copy (${prev}). Inspect the file and repair it, or move it aside to start from an empty state.`
  return new StoreCorruptError(`State file ${file} ${reason}; homenova will not read or change it`, hint, cause)
}

// The state in text, and the layout it was read in (undefined: parsed whole).
function decodeState(text: string, file: string, validate: Validator): { state: State; layout?: Layout } {
  if (text.trim() === '') throw corrupt(file, 'is empty')
  const lazy = readLazily(text, (reason, cause) => corrupt(file, reason, cause))
  if (lazy) return { state: validate(lazy.state, file), layout: lazy.layout }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw corrupt(file, `is not valid JSON (${(err as Error).message})`, err)
  }
  return { state: validate(migrateState(raw, file), file) }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch (err) {
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes(code(err) ?? '')) throw err // not supported there
  } finally {
    await handle.close()
  }
}

/** A lowdb Adapter for state.json: strict reads, durable atomic writes, and a refusal to replace a file changed since it was read. */
class SafeJsonFile implements Adapter<State> {
  #seen: string | undefined
  /** The text last read (null: no file). */
  text: string | null = null
  /** The layout of the file last read, if it had the one layout.ts reads lazily. */
  layout: Layout | undefined

  constructor(
    readonly file: string,
    private readonly validate: Validator,
    private readonly beforeRename: () => void = () => undefined,
  ) {}

  /** The fingerprint of the file last read ('absent': there was none). */
  get seen(): string | undefined {
    return this.#seen
  }

  async read(): Promise<State | null> {
    let handle: FileHandle
    try {
      handle = await open(this.file, 'r')
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err
      this.#seen = 'absent'
      this.text = null
      this.layout = undefined
      return null
    }
    try {
      // Stat and read the same open file: state.json is only ever replaced, never rewritten.
      this.#seen = fingerprint(await handle.stat({ bigint: true }))
      this.text = await handle.readFile('utf8')
      const { state, layout } = decodeState(this.text, this.file, this.validate)
      this.layout = layout
      return state
    } finally {
      await handle.close()
    }
  }

  async write(data: State): Promise<void> {
    await this.writeText(`${JSON.stringify(data, null, 2)}\n`)
  }

  /** Replaces the file with `text` (see the top of this file); returns the new file's fingerprint. */
  async writeText(text: string): Promise<string> {
    const tmp = tempName(this.file)
    let written: string
    try {
      const handle = await open(tmp, 'wx', 0o600)
      try {
        await handle.chmod(0o600) // whatever the umask
        await handle.writeFile(text)
        await handle.sync()
        written = fingerprint(await handle.stat({ bigint: true })) // a rename keeps all of it
      } finally {
        await handle.close()
      }
      await this.keepPrevious()
      const now = await stat(this.file, { bigint: true }).then(fingerprint, (err) => (code(err) === 'ENOENT' ? 'absent' : Promise.reject(err)))
      if (now !== this.#seen) throw new LostRaceError(`${this.file} changed while the lock was held`)
      this.beforeRename()
      await rename(tmp, this.file)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    await syncDir(path.dirname(this.file))
    return written
  }

  // A hard link is a complete copy for free, since state.json is never modified in place.
  private async keepPrevious(): Promise<void> {
    const tmp = tempName(this.file, '.prev')
    try {
      await link(this.file, tmp)
    } catch (err) {
      if (code(err) === 'ENOENT') return // first write: nothing to keep
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV'].includes(code(err) ?? '')) throw err
      await copyFile(this.file, tmp) // file systems without hard links
    }
    try {
      await rename(tmp, `${this.file}.prev`)
    } finally {
      // rename(2) does nothing when both names already link the same file, as they do
      // after a writer was killed between updating .prev and replacing state.json.
      await rm(tmp, { force: true })
    }
  }
}

// Within one process, transactions on a file run one after another instead of
// polling for a lock the same process holds.
const queues = new Map<string, Promise<unknown>>()
function serialize<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job, job)
  const tail = run.catch(() => undefined)
  queues.set(key, tail)
  void tail.then(() => queues.get(key) === tail && queues.delete(key))
  return run
}

/** homenova's state on disk, read freely and changed only through transactions. */
export class Store {
  readonly home: string
  readonly path: string
  readonly #lockDir: string
  readonly #checked: string
  readonly #staleMs: number
  #swept = false

  constructor(home: string, options: StoreOptions = {}) {
    this.home = path.resolve(home)
    this.path = path.join(this.home, 'state.json')
    this.#lockDir = path.join(this.home, 'state.lock')
    this.#checked = path.join(this.home, 'state.json.checked')
    this.#staleMs = options.staleMs ?? 10_000
  }

  /** The newest committed state, without taking the lock. */
  async read(): Promise<State> {
    return (await new SafeJsonFile(this.path, checkShape).read()) ?? emptyState()
  }

  /**
   * Runs fn on the newest state under the lock and commits what it leaves, with the
   * generation bumped. fn must be synchronous and free of side effects beyond the state:
   * it may run again if another process raced us. If fn throws, nothing is written.
   */
  transact<T>(fn: (state: State) => T): Promise<T> {
    return serialize(this.path, async () => {
      await mkdir(this.home, { recursive: true, mode: 0o700 })
      for (let attempt = 1; ; attempt++) {
        const lock = await acquireLock(this.path, this.#lockDir, this.#staleMs)
        try {
          await this.#sweepTempFiles()
          return await this.#commit(fn, () => {
            const lost = lock.compromised()
            if (lost) throw new LostRaceError(`lock on ${this.path} was lost: ${lost.message}`)
          })
        } catch (err) {
          if (!(err instanceof LostRaceError)) throw err
          if (attempt >= MAX_ATTEMPTS) {
            throw new ConflictError(`${this.path} kept changing under the store lock; nothing was written`, 'Run the command again.')
          }
        } finally {
          await lock.release()
        }
      }
    })
  }

  async #commit<T>(fn: (state: State) => T, beforeRename: () => void): Promise<T> {
    const check = await loadCheck()
    const file = new SafeJsonFile(this.path, checkShape, beforeRename)
    let state = (await file.read()) ?? emptyState()
    if (file.text !== null && !(await this.#wroteLast(file.seen))) {
      try {
        state = await check.validateState(state)
      } catch (err) {
        if (!(err instanceof check.InvalidStateError)) throw err
        throw corrupt(this.path, `does not match the state schema:\n${err.message.replace(/^state: /, '')}`, err.error)
      }
    }
    const generation = state.generation
    const value = fn(state)
    if (value instanceof Promise) {
      value.catch(() => undefined)
      // Whatever it changes after its first await would be lost or torn; a bug.
      throw new Error('a store transaction function must be synchronous (nothing was written)')
    }
    let text: string
    try {
      text = await check.serialize(state, generation + 1, file.layout)
    } catch (err) {
      throw new Error(`transaction left an invalid state (a bug; nothing was written):\n${(err as Error).message}`, { cause: err })
    }
    const written = await file.writeText(text)
    // Not synced: a mark lost in a crash only makes the next transaction validate the whole file.
    await writeFile(this.#checked, checkedMark(written), { mode: 0o600 })
    return value
  }

  /** Whether the file just read (its fingerprint) is the one the last transaction wrote in this schema version. */
  async #wroteLast(seen: string | undefined): Promise<boolean> {
    const mark = await readFile(this.#checked, 'utf8').catch(() => '')
    return seen !== undefined && mark === checkedMark(seen)
  }

  // Temp files and lock directories of killed processes; only while holding the lock, once per Store.
  async #sweepTempFiles(): Promise<void> {
    if (this.#swept) return
    this.#swept = true
    for (const name of await readdir(this.home)) {
      const pid = TEMP_FILE.exec(name)?.[1]
      if (pid && Number(pid) !== process.pid && !isProcessAlive(Number(pid))) await rm(path.join(this.home, name), { recursive: true, force: true })
    }
  }
}
