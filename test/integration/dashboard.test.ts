// The real `homenova dashboard` in a real terminal (tmux, on a private
// socket) against fake hosts, driven with keys as an operator would: it
// navigates, filters, opens a detail, stops and starts a server, shows a
// change another process (a CLI call) made, opens and leaves the console log,
// and quits leaving the terminal as it found it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, fakeCluster, waitFor, type CliHome } from '../helpers/cli.js'

/** One tmux server of our own (its socket in a temp dir), holding one window with the dashboard. */
class Terminal {
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

describe('homenova dashboard in a terminal', () => {
  let cli: CliHome
  const term = new Terminal()

  beforeAll(async () => {
    cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384', '--disk', '200'], ['sim2', '--vcpus', '8', '--ram', '16384', '--disk', '200']])
    for (const name of ['web', 'db']) expect((await cli.run('server', 'create', name, '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')).code).toBe(0)
    // CI=true on purpose: the dashboard must draw even where CI is set (as in CI itself).
    term.start(`node ${BIN} dashboard`, { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', CI: 'true', TERM: 'xterm-256color' })
  })
  afterAll(() => term.close())

  it('opens on the servers view', async () => {
    const screen = await term.waitFor(/servers \(2\)/)
    expect(screen).toMatch(/^homenova .*hosts 2\/2 up {2}2 servers/m)
    expect(screen).toMatch(/> web +ACTIVE +sim\d +m1\.tiny +tiny/)
    expect(screen).toMatch(/<:> view {2}<\/> filter/)
  })

  it('moves, filters and opens a detail', async () => {
    term.keys('j')
    await term.waitFor(/> db +ACTIVE/)
    term.type('/web')
    term.keys('Enter')
    await term.waitFor(/servers \(1 of 2\) {2}\/web/)
    term.keys('Enter')
    await term.waitFor(/Server web[^]*status +ACTIVE/)
    term.keys('Escape')
    await term.waitFor(/servers \(1 of 2\)/)
    term.keys('Escape')
    await term.waitFor(/servers \(2\)/)
  })

  it('switches views with : and back', async () => {
    term.type(':hosts')
    term.keys('Enter')
    await term.waitFor(/hosts \(2\)[^]*> sim1 +up +enabled/)
    term.type(':se')
    term.keys('Tab', 'Enter')
    await term.waitFor(/servers \(2\)/)
  })

  it('stops and starts a server from the keyboard', async () => {
    term.keys('g', 's')
    await term.waitFor(/stop web\? y\/N/)
    term.keys('y')
    await term.waitFor(/> web +SHUTOFF/)
    expect((await cli.json<Array<{ name: string; status: string }>>('server', 'list')).find((s) => s.name === 'web')?.status).toBe('SHUTOFF')
    term.keys('S')
    await term.waitFor(/> web +ACTIVE/)
  })

  it('shows what another process changed', async () => {
    // Without --wait the CLI only queues the stop: the dashboard's conductor runs it.
    expect((await cli.run('server', 'stop', 'db')).code).toBe(0)
    await term.waitFor(/ db +SHUTOFF/)
    expect((await cli.run('server', 'set', 'db', '--name', 'db-renamed')).code).toBe(0)
    await term.waitFor(/ db-renamed +SHUTOFF/)
  })

  it('opens the console log and leaves it', async () => {
    term.keys('g', 'l')
    await term.waitFor(/Console log of web \(following\)[^]*login:/)
    term.keys('Escape')
    await term.waitFor(/servers \(2\)/)
  })

  it('quits with q and gives the terminal back', async () => {
    term.keys('q')
    const screen = await term.waitFor(/exited 0\s*\n-?icanon -?echo/)
    // The dashboard drew on the alternate screen, which is gone; the terminal is cooked again.
    expect(screen).not.toContain('servers (2)')
    expect(screen).toMatch(/^icanon echo\s*$/m)
    expect(term.tmux('display-message', '-p', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1')
  })
})
