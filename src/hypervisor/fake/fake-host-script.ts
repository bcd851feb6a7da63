// What a simulated host's properties script: delays, failures of named driver
// methods, and guests that ignore ACPI. Tests and demos set these with
// `host add --driver fake --property KEY=VALUE`.
import type { HostSpec, HypervisorDriver } from '../driver.js'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A driver method a host can be told to fail. */
export type DriverMethod = Exclude<keyof HypervisorDriver, 'close'>

/** The serial lines of a simulated boot. */
export function bootLog(): string {
  return '[    0.000000] Linux version 6.1.0-fake\nhomenova-guest: booted'
}

/** A console log with lines added, its last 64 KiB kept. */
export function appendLog(log: string, lines: string): string {
  return `${log}\n${lines}`.slice(-65_536)
}

/** Reads a fake host's `simulate_*` properties. */
export class FakeHostScript {
  constructor(private readonly host: HostSpec) {}

  /** `simulate_acpi_ignored=true`: guests do not stop on an ACPI shutdown. */
  get acpiIgnored(): boolean {
    return String(this.host.facts.simulate_acpi_ignored) === 'true'
  }

  /** Throws if `simulate_failure` (a comma list of method names) names this method. */
  failIfScripted(method: DriverMethod): void {
    const value = String(this.host.facts.simulate_failure ?? '')
    if (value.split(',').some((m) => m.trim() === method)) {
      throw new Error(`Simulated ${method} failure on ${this.host.name} (host property simulate_failure=${value})`)
    }
  }

  /** A small jittered delay, as a real host takes, then any scripted failure. */
  async act(method: DriverMethod, minMs = 10, maxMs = 40): Promise<void> {
    await sleep(minMs + Math.random() * (maxMs - minMs))
    this.failIfScripted(method)
  }

  /** Waits out a graceful-shutdown timeout that a guest ignoring ACPI lets expire. */
  waitOut(timeoutMs: number): Promise<void> {
    return sleep(timeoutMs)
  }
}
