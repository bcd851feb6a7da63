// The graphical console of a real guest on a real libvirt host over SSH: one
// guest booted, its VNC display read through homenova's host connection. The
// test guest clears its VGA screen to blue and writes a white line there
// ("homenova-guest: tty0" on its serial port says it has), and runs a shell on
// that screen, so keys typed through `console vnc` can be checked on the guest.
import { PNG } from 'pngjs'
import { execa, type ResultPromise } from 'execa'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'

const LEAVE = '\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1006l\x1b[0m\x1b[?25h\x1b[?1049l'

describe('graphical console of a real guest', () => {
  let host: RealHost
  const cli = new CliHome()
  let domain = ''
  // Sessions still attached when a test fails are ended after the file.
  const sessions: ResultPromise[] = []

  const consoleLog = async () => (await cli.run('console', 'log', 'gfx')).stdout

  /** `console vnc` in a 160x48 pseudo-terminal (util-linux script), its output collected. */
  const vncInPty = () => {
    const child = execa('script', ['-qfec', `stty cols 160 rows 48; node ${BIN} console vnc gfx`, '/dev/null'], { env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', TERM: 'xterm-256color' }, reject: false })
    sessions.push(child)
    const seen = { out: '' }
    child.stdout!.on('data', (d: Buffer) => (seen.out += d.toString('utf8')))
    return { child, seen }
  }

  beforeAll(async () => {
    const real = realHosts()
    host = real.hosts[0]
    const add = await cli.run('host', 'add', host.name, ...hostArgs(host))
    expect(add.code, add.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', real.image)).code).toBe(0)
    const boot = await cli.json<{ instance_name: string }>('server', 'create', 'gfx', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    domain = boot.instance_name
    await waitFor('the guest to draw on its screen', async () => (await consoleLog()).includes('homenova-guest: tty0'), 150_000, 1000).catch(async (err: Error) => {
      throw new Error(`${err.message}; its console log ends:\n${(await consoleLog()).split('\n').slice(-8).join('\n')}`)
    })
  }, 240_000)

  afterAll(async () => {
    for (const child of sessions) if (child.exitCode === null) child.kill()
    await cli.run('server', 'delete', 'gfx', '--wait')
  }, 120_000)

  it('fetches the framebuffer at the size QEMU reports, not blank, and saves it as a PNG', { timeout: 60_000 }, async () => {
    const file = join(cli.home, 'gfx.png')
    const r = await cli.run('console', 'screenshot', 'gfx', '--file', file)
    expect(r.code, r.stderr).toBe(0)
    const png = PNG.sync.read(readFileSync(file))
    // QEMU's own screenshot (virsh on the host, over OpenSSH: PNG or PPM by version) gives the size and the pixels to expect.
    const theirs = qemuScreenshot(Buffer.from(onHost(host, `f=$(mktemp) && virsh -q -c ${host.uri} screenshot ${domain} "$f" >/dev/null && base64 "$f"; rm -f "$f"`), 'base64'))
    expect([png.width, png.height]).toEqual([theirs.width, theirs.height])
    let same = 0
    for (let i = 0; i < png.width * png.height; i++) if (png.data.readUIntBE(i * 4, 3) === theirs.rgb.readUIntBE(i * 3, 3)) same++
    expect(same / (png.width * png.height)).toBeGreaterThan(0.98) // all but a blinking cursor
    expect(r.stdout).toBe(`Saved the screen of gfx (${png.width}x${png.height}) to ${file}`)
    // The guest's blue screen with white text, as it drew it.
    let blue = 0
    let white = 0
    for (let i = 0; i < png.data.length; i += 4) {
      const [red, green, b] = [png.data[i], png.data[i + 1], png.data[i + 2]]
      if (b > 120 && red < 40 && green < 40) blue++
      if (red > 200 && green > 200 && b > 200) white++
    }
    expect(blue / (png.width * png.height)).toBeGreaterThan(0.5)
    expect(white).toBeGreaterThan(100)
  })

  it('draws the screen in cells in a pseudo-terminal; typed keys reach the guest shell; Ctrl-] detaches with the terminal restored', { timeout: 240_000 }, async () => {
    // Keys typed on the VGA console before its shell runs would be lost: the guest says when it does.
    await waitFor("the guest's shell on its screen", async () => (await consoleLog()).includes('homenova-guest: screen shell'), 120_000, 1000)
    const v = vncInPty()
    await waitFor('the first frame', () => v.seen.out.includes('▀') && v.seen.out.includes(' gfx 720x400'), 60_000)
    // The guest's screen is mostly VGA blue (0, 0, 168): those cells are drawn in it.
    expect(v.seen.out).toContain('\x1b[48;2;0;0;168m')
    // Keystroke to screen: Enter makes the guest's shell print a prompt on a new row. The blinking
    // cursor redraws its own row all the time, so only a row it did not touch counts as the answer.
    const rowsIn = (s: string) => new Set([...s.matchAll(/\x1b\[(\d+);\d+H/g)].map((m) => Number(m[1])))
    const latencies: number[] = []
    for (let i = 0; i < 5; i++) {
      const idle = v.seen.out.length
      await new Promise((r) => setTimeout(r, 800))
      const blinking = rowsIn(v.seen.out.slice(idle))
      const mark = v.seen.out.length
      const started = performance.now()
      v.child.stdin!.write('\r')
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no new row was drawn within 20 s of Enter')), 20_000)
        const check = () => [...rowsIn(v.seen.out.slice(mark))].some((r) => !blinking.has(r)) && (clearTimeout(timer), v.child.stdout!.off('data', check), resolve())
        v.child.stdout!.on('data', check)
      })
      latencies.push(performance.now() - started)
    }
    latencies.sort((a, b) => a - b)
    console.log(`console vnc keystroke to screen on a real guest (TCG, over SSH): median ${latencies[2].toFixed(0)} ms of ${latencies.map((l) => l.toFixed(0)).join(', ')}`)
    expect(latencies[2]).toBeLessThan(2000)
    // Typed on the guest's VGA console (shifted characters included), the command answers on its serial port.
    v.child.stdin!.write('echo hn-vnc-$((6*7)) "Typed!" >/dev/ttyS0\r')
    await waitFor('the typed command to run in the guest', async () => (await consoleLog()).includes('hn-vnc-42 Typed!'), 60_000, 1000)
    v.child.stdin!.write('\x1d')
    const done = await v.child
    expect(done.exitCode).toBe(0)
    expect(v.seen.out).toContain(LEAVE)
    expect(v.seen.out).toContain('Detached from the graphical console of gfx')
  })

  it('echoes serial console keys (a figure for the benchmark notes)', { timeout: 60_000 }, async () => {
    const child = execa('script', ['-qfec', `node ${BIN} console serial gfx`, '/dev/null'], { env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production' }, reject: false })
    sessions.push(child)
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')))
    await waitFor('the serial console', () => out.includes('Connected to the serial console of gfx'), 30_000)
    await new Promise((r) => setTimeout(r, 500))
    const latencies: number[] = []
    for (const ch of 'hnecho') {
      const mark = out.length
      const started = performance.now()
      child.stdin!.write(ch)
      await new Promise<void>((resolve) => {
        const check = () => out.slice(mark).includes(ch) && (child.stdout!.off('data', check), resolve())
        child.stdout!.on('data', check)
      })
      latencies.push(performance.now() - started)
    }
    child.stdin!.write('\x15\x1d') // Ctrl-U clears the line; Ctrl-] detaches
    expect((await child).exitCode).toBe(0)
    latencies.sort((a, b) => a - b)
    console.log(`console serial echo on a real guest (TCG, over SSH): median ${latencies[3].toFixed(0)} ms of ${latencies.map((l) => l.toFixed(0)).join(', ')}`)
    expect(latencies[3]).toBeLessThan(2000)
  })

  it('ends the view with a message when the guest stops, and still restores the terminal', { timeout: 120_000 }, async () => {
    const v = vncInPty()
    await waitFor('the first frame', () => v.seen.out.includes('▀'), 60_000)
    const stop = await cli.run('server', 'stop', 'gfx', '--wait')
    expect(stop.code, stop.stderr).toBe(0)
    const done = await v.child
    expect(done.exitCode).toBe(1)
    expect(v.seen.out).toContain(LEAVE)
    expect(v.seen.out).toMatch(/The graphical console of gfx closed: the display closed the connection/i)
    const off = await cli.run('console', 'screenshot', 'gfx', '--file', join(cli.home, 'off.png'))
    expect(off.code).toBe(1)
    expect(off.stderr).toMatch(/is not running \(shutoff\): it has no screen to show/)
  })
})

/** QEMU's screendump as width, height and RGB bytes: a PNG, or a binary PPM (P6, maxval 255). */
function qemuScreenshot(file: Buffer): { width: number; height: number; rgb: Buffer } {
  if (file.subarray(0, 4).toString('latin1') === '\x89PNG') {
    const png = PNG.sync.read(file)
    const rgb = Buffer.alloc(png.width * png.height * 3)
    for (let i = 0; i < png.width * png.height; i++) png.data.copy(rgb, i * 3, i * 4, i * 4 + 3)
    return { width: png.width, height: png.height, rgb }
  }
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'))
  if (!header) throw new Error(`virsh screenshot gave neither PNG nor PPM: ${JSON.stringify(file.subarray(0, 16).toString('latin1'))}`)
  return { width: Number(header[1]), height: Number(header[2]), rgb: file.subarray(header[0].length) }
}
