// The dashboard's view of the store, kept current: the first read, a re-read
// whenever the store watch says the generation moved (another process, or
// this one's conductor and actions), a conductor run whenever work is waiting,
// and a periodic power-state refresh of the hosts. Re-reads parse only the
// lines of state.json that changed (incremental-read.ts), so a commit by
// another process costs little and a read never holds keys up for long.
// Core publishes; screens subscribe (useSyncExternalStore) and only ever read
// what is published here.
// A failed read is published as an error the screen shows, not a crash.
import { systemClock } from '../../core/clock.js'
import { leaseHeld } from '../../core/conductor/lease.js'
import { isOpen } from '../../core/conductor/tasks.js'
import type { Services } from '../../core/services.js'
import { IncrementalStateReader } from '../../core/store/incremental-read.js'
import type { State } from '../../core/store/schema.js'
import { coalesced, peekGeneration, StoreWatch } from '../../core/store/watch.js'
import { firstFrameDrawn } from '../first-frame.js'
import { snapshotOf, type Snapshot } from '../views/view.js'

/** What the screens see: the newest snapshot (null until the first read) and the last load problem. */
export interface LiveData {
  snapshot: Snapshot | null
  error: string | null
  /** Whether this process's conductor is running tasks now. */
  conducting: boolean
}

/** How the live loop is tuned; the defaults suit the product. */
export interface LiveOptions {
  /** How often hosts are asked for their domains (ms; 0: never). */
  refreshMs?: number
  /** The store watch's fallback period (ms). */
  fallbackMs?: number
  /** Run queued tasks in this process (default true). */
  conduct?: boolean
  /** The store's reader (default: a new one); the dashboard hands in the one that made its first read. */
  reader?: IncrementalStateReader
  /** How the hosts are asked for their domains (default: in this process; the dashboard: in a child, host-refresh.ts). */
  refresh?: () => Promise<unknown>
}

/** Work waiting that a conductor here could take: open and not leased by a live owner. */
export function workWaiting(state: State, now: number): boolean {
  return state.tasks.some((t) => isOpen(t) && !leaseHeld(t.lease, now))
}

/** The live store of one dashboard. */
export class Live {
  #data: LiveData = { snapshot: null, error: null, conducting: false }
  readonly #listeners = new Set<() => void>()
  readonly #watch: StoreWatch
  readonly #reader: IncrementalStateReader
  #refreshTimer?: NodeJS.Timeout
  #closed = false

  constructor(
    private readonly services: Services,
    private readonly options: LiveOptions = {},
  ) {
    this.#watch = new StoreWatch(services.store.path, { fallbackMs: options.fallbackMs ?? 1000 })
    this.#reader = options.reader ?? new IncrementalStateReader(services.store)
  }

  /** Reads the store once (or takes a read already under way) and starts following it. */
  async start(firstState?: Promise<State>): Promise<void> {
    this.#watch.subscribe(() => void this.reload())
    await Promise.all([this.#watch.start(), firstState ? this.#take(firstState) : this.reload()])
    // A commit between that read and the watch's first look would go unseen: compare
    // generations (in the background: the first frame need not wait for it).
    void peekGeneration(this.services.store.path)
      .catch(() => null)
      .then((generation) => {
        if (generation !== (this.#data.snapshot?.state.generation ?? null)) void this.reload()
      })
    // A store whose hosts were last read longer ago than the period shows what they
    // said then (a demo opened the next day): they are asked at once, once the
    // first frame is drawn, which does not wait for them.
    const every = this.options.refreshMs ?? 30_000
    if (every > 0 && hostsStale(this.#data.snapshot?.state, every, Date.now())) {
      void firstFrameDrawn.then(() => this.refreshHosts()).finally(() => this.#scheduleRefresh())
    } else this.#scheduleRefresh()
  }

  // The next refresh is counted from the end of the last: on a big simulated
  // cloud one can take longer than the period, and they must not pile up.
  #scheduleRefresh(): void {
    const every = this.options.refreshMs ?? 30_000
    if (every <= 0 || this.#closed) return
    this.#refreshTimer = setTimeout(() => void this.refreshHosts().finally(() => this.#scheduleRefresh()), every)
    this.#refreshTimer.unref()
  }

  /** Settles once the reads so far and the reader's work after them are done. */
  settled = (): Promise<void> => this.#reader.settled()

  /** For useSyncExternalStore: the current data (a new object on every change). */
  get = (): LiveData => this.#data

  /** For useSyncExternalStore: hear every change. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Reads the store now (several calls at once cost one read, plus one after it). */
  readonly reload = coalesced(() => this.#read())

  /** Asks every host for its domains now (`server list --refresh`), in the background; one refresh at a time. */
  readonly refreshHosts = coalesced(async () => {
    if (this.#closed) return
    try {
      await (this.options.refresh ?? (() => this.services.compute.refreshPowerStates()))()
    } catch (err) {
      this.#publish({ error: `Refreshing hosts failed: ${(err as Error).message}` })
    }
  })

  /**
   * Runs waiting tasks here. Other processes' conductors are not in the way:
   * each task is claimed under a lease (lease.ts), so two conductors never run
   * the same task, and a task another process holds is left to it.
   */
  conduct(): void {
    if (this.#closed || this.options.conduct === false) return
    void this.#drain()
  }

  // Work that arrives during a drain gets one more drain after it.
  readonly #drain = coalesced(async () => {
    if (this.#closed) return
    this.#publish({ conducting: true })
    try {
      await this.services.conductor().drain()
    } catch (err) {
      this.#publish({ error: `The conductor stopped: ${(err as Error).message}` })
    } finally {
      this.#publish({ conducting: false })
    }
  })

  /** Whether tasks are still open (so a background conductor should take over on quit). */
  hasOpenWork(): boolean {
    return this.#data.snapshot?.state.tasks.some(isOpen) ?? false
  }

  close(): void {
    this.#closed = true
    this.#watch.close()
    clearTimeout(this.#refreshTimer)
    this.#listeners.clear()
  }

  #read(): Promise<void> {
    return this.#take(this.#reader.read())
  }

  async #take(reading: Promise<State>): Promise<void> {
    if (this.#closed) return
    try {
      const state = await reading
      // The file had not changed (the reader gave the same state): the rows built for it stand.
      if (state === this.#data.snapshot?.state) {
        if (this.#data.error !== null) this.#publish({ error: null })
      } else this.#publish({ snapshot: snapshotOf(state, Date.now()), error: null })
      if (workWaiting(state, systemClock.now())) this.conduct()
    } catch (err) {
      this.#publish({ error: (err as Error).message })
    }
  }

  #publish(change: Partial<LiveData>): void {
    if (this.#closed) return
    this.#data = { ...this.#data, ...change }
    for (const listener of [...this.#listeners]) listener()
  }
}

/** Whether some host was never read, or last read more than `periodMs` ago. */
export function hostsStale(state: State | undefined, periodMs: number, now: number): boolean {
  return (state?.hosts ?? []).some((h) => !h.syncedAt || now - Date.parse(h.syncedAt) > periodMs)
}
