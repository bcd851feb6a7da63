// Tells subscribers when the store's state changed, whichever process changed it.
//
// state.json is only ever replaced by a rename (store.ts), so every commit gives
// the file a new inode: a stat is enough to know nothing changed, and then the
// state is not read at all. fs.watch on the home directory hears the rename at
// once; a periodic stat covers file systems where inotify says nothing (NFS,
// some containers). On a change the generation is read from the file's first
// bytes (store.ts writes `version`, then `generation`, first), so a watcher
// learns the number without parsing a state that may be many megabytes.
import { watch, type FSWatcher } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import path from 'node:path'
import { fingerprint } from './fingerprint.js'

/** What a subscriber hears: the generation now committed (null while there is no state file). */
export interface StoreChange {
  generation: number | null
}

/** How a watch is tuned; the defaults suit the dashboard. */
export interface StoreWatchOptions {
  /** How often the file is stat'ed when no file event came (ms). */
  fallbackMs?: number
  /** How long to wait after a file event before looking, so a burst of events costs one look (ms). */
  settleMs?: number
  /** Listen for file events (default true); false leaves only the periodic look, as on a file system without inotify. */
  fileEvents?: boolean
}

const GENERATION = /"generation":\s*(\d+)/

/**
 * Wraps `job` so that calls made while it runs cost one more run after it,
 * not one each, and none is missed: every caller's promise settles after a run
 * that started after its call.
 */
export function coalesced(job: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  let queued: Promise<void> | undefined
  const run = (): Promise<void> => {
    if (!running) {
      running = job().finally(() => (running = undefined))
      return running
    }
    queued ??= running.catch(() => undefined).then(() => {
      queued = undefined
      return run()
    })
    return queued
  }
  return run
}

/** Reads `generation` from the head of a state file; null when the file is absent or does not start as store.ts writes it. */
export async function peekGeneration(file: string): Promise<number | null> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    const head = Buffer.alloc(256)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const found = GENERATION.exec(head.subarray(0, bytesRead).toString('utf8'))
    return found ? Number(found[1]) : null
  } finally {
    await handle.close()
  }
}

/** Watches one state file; call close() when done. */
export class StoreWatch {
  readonly #file: string
  readonly #listeners = new Set<(change: StoreChange) => void>()
  readonly #fallbackMs: number
  readonly #settleMs: number
  readonly #fileEvents: boolean
  #seen: string | undefined
  #watcher?: FSWatcher
  #timer?: NodeJS.Timeout
  #settle?: NodeJS.Timeout
  #closed = false

  constructor(statePath: string, options: StoreWatchOptions = {}) {
    this.#file = path.resolve(statePath)
    this.#fallbackMs = options.fallbackMs ?? 1000
    this.#settleMs = options.settleMs ?? 15
    this.#fileEvents = options.fileEvents ?? true
  }

  /** Starts watching; the first look records what is there now without telling anyone. */
  async start(): Promise<void> {
    this.#seen = await this.#fingerprint()
    if (this.#fileEvents) this.#watchDirectory()
    this.#timer = setInterval(() => void this.check(), this.#fallbackMs)
    this.#timer.unref()
  }

  #watchDirectory(): void {
    try {
      this.#watcher = watch(path.dirname(this.#file), { persistent: false }, (_event, name) => {
        // Events for the temp files and the lock are noise; the rename onto state.json is the commit.
        if (name === null || name === path.basename(this.#file)) this.#soon()
      })
      this.#watcher.on('error', () => this.#stopWatcher()) // e.g. the directory went away: the fallback goes on
    } catch {
      // No inotify here (or the directory does not exist yet): the periodic look does the work.
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Looks now (also called by the watcher and the timer); tells subscribers if the file changed. */
  readonly check = coalesced(() => this.#look())

  close(): void {
    this.#closed = true
    this.#stopWatcher()
    clearInterval(this.#timer)
    clearTimeout(this.#settle)
    this.#listeners.clear()
  }

  async #look(): Promise<void> {
    if (this.#closed) return
    const now = await this.#fingerprint().catch(() => this.#seen)
    if (now === this.#seen) return
    this.#seen = now
    const generation = await peekGeneration(this.#file).catch(() => null)
    for (const listener of [...this.#listeners]) listener({ generation })
  }

  #soon(): void {
    if (this.#settle) return
    this.#settle = setTimeout(() => {
      this.#settle = undefined
      void this.check()
    }, this.#settleMs)
  }

  async #fingerprint(): Promise<string> {
    try {
      return fingerprint(await stat(this.#file, { bigint: true }))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
      throw err
    }
  }

  #stopWatcher(): void {
    this.#watcher?.close()
    this.#watcher = undefined
  }
}
