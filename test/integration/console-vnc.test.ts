// The graphical console commands against a simulated host, through the built
// CLI: the screenshot is a PNG of the simulated display at its size, and
// `console vnc` in a pseudo-terminal (util-linux script) draws cells, takes
// keys, detaches on Ctrl-] and gives the terminal back.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { BIN, fakeCluster, waitFor, type CliHome } from '../helpers/cli.js'

const LEAVE = '\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1006l\x1b[0m\x1b[?25h\x1b[?1049l'

/** `console vnc` in a 160x48 pseudo-terminal; what it writes is collected. */
function vncInPty(cli: CliHome, server: string, ...extra: string[]) {
  const child = execa('script', ['-qfec', `stty cols 160 rows 48; node ${BIN} console vnc ${server} ${extra.join(' ')}`, '/dev/null'], { env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', TERM: 'xterm-256color' }, reject: false })
  const seen = { out: '' }
  child.stdout!.on('data', (d: Buffer) => (seen.out += d.toString('utf8')))
  return { child, seen }
}

describe('graphical console on a simulated host', () => {
  let cli: CliHome

  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    await cli.json('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
  })

  it('saves the screen as a PNG at the display size, and keeps an existing file unless --force', async () => {
    const file = join(cli.home, 'vm.png')
    const r = await cli.run('console', 'screenshot', 'vm', '--file', file)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`Saved the screen of vm (640x400) to ${file}`)
    const png = PNG.sync.read(readFileSync(file))
    expect([png.width, png.height]).toEqual([640, 400])
    const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)]
    expect(at(630, 3)).toEqual([0, 120, 120]) // the title bar
    expect(at(630, 200)).toEqual([16, 24, 96]) // the screen's background
    // Text was drawn: the first log line holds light pixels.
    const row = Array.from({ length: 640 }, (_, x) => at(x, 16 + 5)).filter(([red]) => red > 150)
    expect(row.length).toBeGreaterThan(20)

    const again = await cli.run('console', 'screenshot', 'vm', '--file', file)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exists[^]*--force to replace it/)
    writeFileSync(file, 'old')
    const forced = await cli.json<{ width: number; height: number; bytes: number; file: string }>('console', 'screenshot', 'vm', '--file', file, '--force')
    expect(forced).toMatchObject({ width: 640, height: 400, file })
    expect(readFileSync(file).length).toBe(forced.bytes)
  })

  it('draws the screen in half-block cells in a terminal, takes keys, and detaches on Ctrl-] with the terminal restored', { timeout: 60_000 }, async () => {
    const v = vncInPty(cli, 'vm')
    await waitFor('the first frame', () => v.seen.out.includes('▀') && v.seen.out.includes('Ctrl-] detaches'), 30_000)
    expect(v.seen.out).toContain('\x1b[?1049h') // the alternate screen
    expect(v.seen.out).toMatch(/\x1b\[48;\d+H\x1b\[7m vm 640x400 +Ctrl-\] detaches /) // status line on row 48
    expect(v.seen.out).toMatch(/\x1b\[38;2;\d+;\d+;\d+m/) // 24-bit colours
    // On a loaded machine the first frame can arrive in several writes: wait until the output is quiet.
    for (let last = -1; last !== v.seen.out.length; ) {
      last = v.seen.out.length
      await new Promise((r) => setTimeout(r, 400))
    }
    const before = v.seen.out.length
    v.child.stdin!.write('hello')
    // The simulated guest echoes the keys on its prompt line: those cells are drawn again, and only those.
    await waitFor('the typed keys drawn', () => v.seen.out.length > before + 20, 10_000)
    await new Promise((r) => setTimeout(r, 300))
    const redraw = v.seen.out.slice(before)
    const rowsTouched = new Set([...redraw.matchAll(/\x1b\[(\d+);\d+H/g)].map((m) => Number(m[1])))
    expect(Math.min(...rowsTouched)).toBeGreaterThanOrEqual(40) // the bottom of the screen, not a full redraw
    v.child.stdin!.write('\x1d')
    const done = await v.child
    expect(done.exitCode).toBe(0)
    expect(v.seen.out).toContain(LEAVE)
    expect(v.seen.out).toContain('Detached from the graphical console of vm')
  })

  it('sends a key combination with --send and exits', async () => {
    const r = await cli.run('console', 'vnc', 'vm', '--send', 'ctrl-alt-del')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Sent ctrl-alt-del to vm')
  })

  it('refuses a pipe for a screen, a bad key combination, a bad --graphics, and a server that is not running', async () => {
    const pipe = await cli.run('console', 'vnc', 'vm')
    expect(pipe.code).toBe(1)
    expect(pipe.stderr).toMatch(/console vnc draws on a terminal, and standard output is not one/)
    const combo = await cli.run('console', 'vnc', 'vm', '--send', 'ctrl-frob')
    expect(combo.code).toBe(1)
    expect(combo.stderr).toMatch(/--send: unknown key "frob"/)
    const graphics = await cli.run('console', 'vnc', 'vm', '--graphics', 'ascii')
    expect(graphics.code).toBe(2)
    await cli.json('server', 'stop', 'vm', '--wait')
    const file = join(cli.home, 'off.png')
    const off = await cli.run('console', 'screenshot', 'vm', '--file', file)
    expect(off.code).toBe(1)
    expect(off.stderr).toMatch(/is not running \(shutoff\): it has no screen to show/)
    expect(existsSync(file)).toBe(false)
  })
})
