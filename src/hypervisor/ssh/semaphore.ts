// A counting semaphore: at most N holders, the rest wait in arrival order.
// SshTransport uses it to keep the channels open on one connection under the
// server's MaxSessions.

/** At most `size` holders at a time; acquire() waits (FIFO) when none is free. */
export class Semaphore {
  private free: number
  private readonly waiting: Array<() => void> = []

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`A semaphore needs a size of at least 1 (got ${size})`)
    this.free = size
  }

  /** Holders right now. */
  get inUse(): number {
    return this.size - this.free
  }

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.waiting.length
  }

  /** Waits for a permit; the function returned gives it back (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    let held = true
    return () => {
      if (!held) return
      held = false
      // Hand the permit straight to the next waiter, so no newcomer can overtake it.
      const next = this.waiting.shift()
      if (next) next()
      else this.free++
    }
  }
}
