// What a simulated host's properties script: delays, failures of named driver
// methods, and guests that ignore ACPI. Tests and demos set these with
// `host add --driver fake --property KEY=VALUE`.
import { UserError } from '../../core/errors.js'
import { NETWORK_TYPES, userNetwork, type HostNetwork } from '../../core/model/networks.js'
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

  /**
   * `networks=lan:bridge,lab:libvirt`: the networks the host offers besides
   * `user` (NAME or NAME:TYPE, TYPE bridge (the default) or libvirt).
   */
  get networks(): HostNetwork[] {
    const extra = String(this.host.facts.networks ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((item): HostNetwork => {
        const [name, type = 'bridge'] = item.split(':')
        if (!(NETWORK_TYPES as readonly string[]).includes(type) || type === 'user') {
          throw new UserError(`Host property networks=${String(this.host.facts.networks)} on ${this.host.name}: ${type} is not bridge or libvirt`, { hint: 'e.g. --property networks=lan:bridge,lab:libvirt' })
        }
        return { name, type: type as HostNetwork['type'], active: true }
      })
    return [userNetwork(), ...extra.filter((n) => n.name !== 'user')]
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
