// Time in one place: records agree on format (ISO 8601, UTC), and leases read
// time through a Clock so crash and lease tests can move it instead of waiting.

/** The current time as an ISO 8601 string. */
export function nowIso(): string {
  return new Date().toISOString()
}

/** Where lease logic reads the time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.now()) {}
  now(): number {
    return this.ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}
