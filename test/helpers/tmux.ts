// A real terminal for tests of full-screen commands (the dashboard): a tmux
// server of the test's own (its socket in a temp dir) holding one window, read
// with capture-pane and typed into with send-keys. Waits end on what the
// screen shows, never on time.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from './cli.js'

/** One tmux server of our own (its socket in a temp dir), holding one window with the dashboard. */
export class Terminal {
  private readonly dir = mkdtempSync(join(tmpdir(), 'hn-tmux-'))
  private readonly socket = join(this.dir, 'sock')

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' })
  }

  /** Starts `command` in a columns x rows terminal; the shell stays to show what was left after it. */
  start(command: string, env: Record<string, string>, columns = 100, rows = 30): void {
    const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`])
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), ...vars, 'sh', '-c', `${command}; echo "exited $?"; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 600`)
  }

  screen(): string {
    return this.tmux('capture-pane', '-p')
  }

  /** Sends keys by tmux's names (`Enter`, `Escape`, `C-d`) or literally (-l). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys)
  }

  type(text: string): void {
    this.tmux('send-keys', '-l', text)
  }

  /** Resolves with the screen once it matches `expect`; fails with the last screen after `ms`. */
  async waitFor(expect: RegExp, ms = 15_000): Promise<string> {
    let last = ''
    try {
      return await waitFor(`the screen to show ${expect}`, () => ((last = this.screen()), expect.test(last) ? last : null), ms, 30)
    } catch (err) {
      throw new Error(`${(err as Error).message}; the screen was:\n${last}`)
    }
  }

  close(): void {
    try {
      this.tmux('kill-server')
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
