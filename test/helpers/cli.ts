// Runs the built CLI as a user would: a real process, a temporary HOMENOVA_HOME.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { execa, type ResultPromise } from 'execa'
import type { State } from '../../src/core/store/schema.js'

/** Path of bin/run.js (the built CLI). */
export const BIN = resolve(import.meta.dirname, '../../bin/run.js')

/** The outcome of one CLI run. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** A temporary homenova home and a way to run the CLI in it (as users run it: NODE_ENV=production, not vitest's test). */
export class CliHome {
  readonly home: string
  constructor(home?: string) {
    this.home = home ?? mkdtempSync(join(tmpdir(), 'homenova-test-'))
  }

  async run(...args: string[]): Promise<CliResult> {
    const r = await execa('node', [BIN, ...args], { env: { HOMENOVA_HOME: this.home, NODE_ENV: 'production' }, reject: false, stdin: 'ignore' })
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) }
  }

  /** Runs with `input` on standard input (a pipe, not a terminal). */
  async runWithInput(input: string, ...args: string[]): Promise<CliResult> {
    const r = await execa('node', [BIN, ...args], { env: { HOMENOVA_HOME: this.home, NODE_ENV: 'production' }, reject: false, input })
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) }
  }

  /** Runs and parses --json output, failing loudly if the command failed. */
  async json<T>(...args: string[]): Promise<T> {
    const r = await this.run(...args, '--json')
    if (r.code !== 0) throw new Error(`homenova ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`)
    return JSON.parse(r.stdout) as T
  }

  /** Starts the CLI without waiting for it. */
  spawn(...args: string[]): ResultPromise {
    return execa('node', [BIN, ...args], { env: { HOMENOVA_HOME: this.home, NODE_ENV: 'production' }, reject: false, stdin: 'ignore' })
  }

  /** The raw bytes of state.json ('' if it does not exist). */
  stateBytes(): string {
    const p = join(this.home, 'state.json')
    return existsSync(p) ? readFileSync(p, 'utf8') : ''
  }

  /** Whether a server has this task_state now, read from the state file (replaced whole, never half-written). */
  hasTaskState(taskState: string): boolean {
    const bytes = this.stateBytes()
    return bytes !== '' && (JSON.parse(bytes) as State).servers.some((s) => s.taskState === taskState)
  }

  /** The parsed state file. */
  state(): State {
    return JSON.parse(this.stateBytes()) as State
  }
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** A new home with these fake hosts (name, then `host add` flags) and a 1 MiB raw image named `tiny`. */
export async function fakeCluster(hosts: Array<[string, ...string[]]>): Promise<CliHome> {
  const cli = new CliHome()
  for (const [name, ...flags] of hosts) await cli.json('host', 'add', name, '--driver', 'fake', ...flags)
  const image = join(cli.home, 'disk.raw')
  writeFileSync(image, Buffer.alloc(1024 * 1024))
  await cli.json('image', 'create', 'tiny', '--file', image)
  return cli
}
