// The thin base every command extends: it provides --json (run() returns the
// data and oclif prints it), prints lists and shows in the format -f/-c ask for,
// builds the control plane lazily, and turns a UserError into one plain line
// (one small JSON object under --json or -f json) and a non-zero exit.
import { Command, Flags, ux, type Interfaces } from '@oclif/core'
import { UserError } from '../core/errors.js'
import { homenovaHome } from '../core/paths.js'
import type { Services } from '../core/services.js'
import { Store } from '../core/store/store.js'
import { DEBUG_ENV } from '../hypervisor/factory.js'
import { unexpectedErrorText, userErrorText } from './error-text.js'
import { wantsJson } from './output-flags.js'
import { renderList, renderShow, resolveColumn, type ListOutput, type OutputOptions, type ShowOutput } from './output.js'

/** Base class of homenova's commands. */
export abstract class BaseCommand extends Command {
  static baseFlags = {
    debug: Flags.boolean({ description: 'Show stack traces of unexpected errors, and what the hypervisor layer does (e.g. how files reach a host) on stderr.', helpGroup: 'GLOBAL' }),
  }
  static enableJsonFlag = true
  /** The -c names of a command that prints after it writes (a create or set), checked before it acts. */
  static outputColumns?: readonly string[]

  private cachedStore?: Store
  private cachedServices?: Promise<Services>

  async init(): Promise<void> {
    await super.init()
    // Through the environment, so the drivers built deep in core see it and a
    // background conductor this command starts inherits it (into conductor.log).
    const end = this.argv.indexOf('--')
    if ((end < 0 ? this.argv : this.argv.slice(0, end)).includes('--debug')) process.env[DEBUG_ENV] = '1'
  }

  /**
   * oclif's parse, every failure of which is a usage error: besides its own parse
   * errors (which carry their whole parse context), a bad flag value ("Parsing
   * --vcpus ...") or a flag without its value come as plain errors.
   */
  protected async parse<F extends Record<string, unknown>, B extends Record<string, unknown>, A extends Record<string, unknown>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    let parsed: Interfaces.ParserOutput<F, B, A>
    try {
      parsed = await super.parse(options, argv)
    } catch (err) {
      throw err instanceof UserError ? err : this.usageError(err as Error)
    }
    // A command that writes before it prints names its columns, so that a
    // mistyped -c is refused before anything changes (cliff finds out only after).
    const columns = (this.constructor as typeof BaseCommand).outputColumns
    const { column, 'sort-column': sortColumn } = parsed.flags as Partial<OutputOptions>
    if (columns) for (const asked of [...(column ?? []), ...(sortColumn ?? [])]) resolveColumn(asked, columns)
    return parsed
  }

  // One line: what oclif says before its notes on multiple values and "See more help".
  private usageError(err: Error): UserError {
    const command = `homenova ${(this.id ?? '').replaceAll(':', ' ')}`.trim()
    const all = err.message.split('\n').map((l) => l.trim())
    const end = all.findIndex((l) => /^(Note: |See more help)/.test(l))
    const lines = all.slice(0, end < 0 ? all.length : end).filter(Boolean)
    return new UserError(lines.join(' ').replace(/\s+/g, ' ').trim(), { hint: `See \`${command} --help\`.`, exitCode: 2 })
  }

  /** The store of $HOMENOVA_HOME, for commands that only read (start-up time: nothing else loads). */
  protected get store(): Store {
    this.cachedStore ??= new Store(homenovaHome())
    return this.cachedStore
  }

  /** The whole control plane for $HOMENOVA_HOME, loaded on first use. */
  protected services(): Promise<Services> {
    const home = homenovaHome()
    this.cachedServices ??= Promise.all([import('../core/services.js'), import('./background.js')]).then(([{ createServices }, { startBackgroundConductor }]) =>
      createServices(home, { launchBackground: () => startBackgroundConductor(this.config.root, home) }),
    )
    return this.cachedServices
  }

  /** Prints human output; skipped entirely with --json, where run()'s return value is printed. */
  protected show(render: () => string): void {
    if (!this.jsonEnabled()) this.log(render())
  }

  /**
   * Prints a list as -f, -c and --sort-column ask (built only when printed) and
   * returns `json`, which --json prints instead.
   */
  protected async printList<T>(flags: OutputOptions, json: T, output: () => ListOutput): Promise<T> {
    if (!this.jsonEnabled()) this.print(await renderList(output(), flags))
    return json
  }

  /** Prints one object's fields as -f and -c ask (built only when printed) and returns `json`, which --json prints instead. */
  protected async printShow<T>(flags: OutputOptions, json: T, fields: () => ShowOutput): Promise<T> {
    if (!this.jsonEnabled()) this.print(await renderShow(fields(), flags))
    return json
  }

  /**
   * Prints JSON as oclif does, but without oclif's colorizer unless a theme asks
   * for colours: it tokenizes the text with regular expressions and slices the
   * rest after each token, which took about 150 ms for 1,000 servers.
   */
  logJson(json: unknown): void {
    if (this.config.theme?.json) super.logJson(json)
    else ux.stdout(JSON.stringify(json, null, 2)) // this.log prints nothing under --json
  }

  // An empty list in -f value prints nothing at all, not an empty line.
  private print(text: string): void {
    if (text !== '') this.log(text)
  }

  protected async catch(err: Error & { exitCode?: number; parse?: unknown }): Promise<unknown> {
    // oclif's usage errors (unknown flag, missing argument, bad value) carry their
    // whole parse context; print them like every other error, in one line (or one
    // small JSON object). parse() turns them into UserErrors; this catches any
    // that come another way.
    if (err.parse !== undefined) err = this.usageError(err)
    if (err instanceof UserError) {
      if (wantsJson(this.argv)) this.logJson({ error: { message: err.message, ...(err.hint ? { hint: err.hint } : {}) } })
      else this.logToStderr(userErrorText(err))
      process.exitCode = err.exitCode
      return undefined
    }
    if (err.name !== 'ExitError' && !process.argv.includes('--debug') && !this.jsonEnabled() && err.message && !err.stack?.includes('oclif')) {
      this.logToStderr(unexpectedErrorText(err))
      process.exitCode = 2
      return undefined
    }
    return super.catch(err)
  }
}
