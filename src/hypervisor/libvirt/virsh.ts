// virsh on one host: argument lists for `virsh -c URI` over a Transport, the
// domain state read in one command, and waiting for a state by polling.
import type { DomainFacts, DomainPowerState, HostSpec } from '../driver.js'
import { run, type ExecResult, type Transport } from '../transport.js'
import { parseDomainList, parseDominfo } from './virsh-state.js'

const POLL_MS = 200
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `virsh -c URI` on one host. */
export class Virsh {
  constructor(
    private readonly host: HostSpec,
    private readonly transport: Transport,
  ) {}

  /** The argument list; LC_ALL=C because states and errors are read as English words. */
  argv(...args: string[]): string[] {
    return ['env', 'LC_ALL=C', 'virsh', '-q', '-c', this.host.uri, ...args]
  }

  /** Runs virsh and throws with its stderr if it fails. */
  run(...args: string[]): Promise<string> {
    return run(this.transport, this.argv(...args))
  }

  /** Runs virsh and returns whatever happened. */
  exec(...args: string[]): Promise<ExecResult> {
    return this.transport.exec(this.argv(...args))
  }

  /**
   * Runs virsh on a domain (its name the last argument); a failure is fine if it is in one of `settled` states
   * afterwards (e.g. `destroy` of a guest that powered off by itself meanwhile).
   * Reading the state again is sturdier than matching libvirt's messages.
   */
  async runUnless(settled: readonly DomainPowerState[], ...args: string[]): Promise<void> {
    const result = await this.exec(...args)
    if (result.code === 0) return
    const now = await this.state(args[args.length - 1])
    if (settled.includes(now.state)) return
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-2).join(' / ')
    throw new Error(`\`virsh ${args.join(' ')}\` failed on ${this.host.name} (domain ${now.detail ?? now.state}): ${detail}`)
  }

  /** One domain's state, managed save included, in one remote command. */
  async state(domain: string): Promise<DomainFacts> {
    const result = await this.exec('dominfo', domain)
    if (result.code !== 0) {
      if (/failed to get domain|Domain not found/i.test(result.stderr)) return { state: 'missing' }
      throw new Error(`virsh dominfo failed on ${this.host.name}: ${result.stderr.trim()}`)
    }
    return parseDominfo(result.stdout)
  }

  /** Every homenova domain with its state, in one remote command. */
  async list(): Promise<Map<string, DomainFacts>> {
    return parseDomainList(await this.run('list', '--all', '--managed-save'))
  }

  /** Polls until the domain is in one of `want`; the last facts read, or undefined at the deadline. */
  async waitFor(domain: string, want: readonly DomainPowerState[], timeoutMs: number): Promise<DomainFacts | undefined> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const facts = await this.state(domain)
      if (want.includes(facts.state)) return facts
      const left = deadline - Date.now()
      if (left <= 0) return undefined
      await sleep(Math.min(POLL_MS, left))
    }
  }
}
