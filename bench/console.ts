// Prints how the consoles feel, on this machine (issue 8's targets):
// - frames per second of `console vnc`'s cell view at 160x48 cells, on a
//   720x400 screen (QEMU's VGA text mode) that changes entirely as soon as the
//   view has the previous frame: at the view's default cap (30) and uncapped.
//   In-process, the RFB stream over a TCP socket on loopback, the frames
//   written to /dev/null (the view's own cost; a terminal's drawing is its own).
//   Target: at least 15 frames per second.
// - what one full-screen frame costs the cell renderer (the uncapped ceiling).
// - keystroke-to-screen latency of `console vnc`: the built CLI in a
//   pseudo-terminal (util-linux script) on a simulated host, a key typed until
//   the first bytes of the redrawn cells come back. The simulated display draws
//   the typed key on its prompt line.
// - serial echo latency of `console serial` the same way (the simulated serial
//   console echoes what is typed).
// Run: npm run bench:console (FPS_SECONDS, KEYS tune it)
import { execa, type ResultPromise } from 'execa'
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { CellRenderer, fitCells } from '../src/cli/vnc-cells.js'
import { kittyFrame, sixelFrame } from '../src/cli/vnc-graphics.js'
import { runVncView } from '../src/cli/vnc-view.js'
import { RfbClient } from '../src/core/console/rfb/client.js'
import { RfbScreen, serveRfb } from '../src/core/console/rfb/server.js'

const FPS_SECONDS = Number(process.env.FPS_SECONDS ?? 5)
const KEYS = Number(process.env.KEYS ?? 40)
const COLS = 160
const ROWS = 48
// npm runs scripts from the repository root.
const BIN = resolve(process.cwd(), 'bin/run.js')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const ms = (x: number) => `${x.toFixed(1)} ms`

// Eight frames of a moving colour pattern, made once: painting is the guest's work, not the view's.
const FRAMES = Array.from({ length: 8 }, (_, n) => {
  const [w, h] = [720, 400]
  const px = Buffer.alloc(w * h * 4)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) px.set([(x + n * 37) & 0xff, (y * 2 + n * 23) & 0xff, ((x ^ y) + n * 51) & 0xff], (y * w + x) * 4)
  }
  return px
})

/** Shows frame n of the pattern over the whole screen. */
function paint(screen: RfbScreen, n: number): void {
  screen.put({ x: 0, y: 0, w: 720, h: 400 }, FRAMES[n % FRAMES.length])
}

/** Frames per second the view draws of a screen that changes whenever it has drawn. */
async function viewFps(maxFps: number): Promise<{ fps: number; mibPerFrame: number }> {
  const screen = new RfbScreen('bench', 720, 400)
  paint(screen, 0)
  const server = createServer((socket) => void serveRfb(socket, screen).catch(() => undefined))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const socket: Socket = connect(port, '127.0.0.1')
  await new Promise((r) => socket.once('connect', r))
  const client = await RfbClient.connect(socket)
  await client.wholeScreen()
  const stdin = Object.assign(new PassThrough(), { isTTY: false })
  const stdout = Object.assign(createWriteStream('/dev/null'), { columns: COLS, rows: ROWS })
  let frames = 0
  let bytes = 0
  let n = 0
  let started = 0
  const view = runVncView(client, { stdin, stdout }, {
    escape: 0x1d, title: 'bench', help: '', graphics: 'cells', mouse: false, maxFps,
    onFrame: (size) => {
      if (started === 0) started = performance.now()
      else {
        frames++
        bytes += size
      }
      setImmediate(() => paint(screen, ++n)) // the next screen, as soon as this one is on the terminal
    },
  })
  await new Promise((r) => setTimeout(r, FPS_SECONDS * 1000))
  const elapsed = (performance.now() - started) / 1000
  stdin.write('\x1d')
  await view
  client.close()
  server.close()
  return { fps: frames / elapsed, mibPerFrame: bytes / Math.max(1, frames) / 1024 / 1024 }
}

/** Milliseconds for the renderer to draw a 720x400 screen that changed entirely, at 160x47 cells. */
function fullFrameCost(): number {
  const screen = new RfbScreen('bench', 720, 400)
  const renderer = new CellRenderer(720, 400, COLS, ROWS - 1)
  const times: number[] = []
  for (let i = 0; i < 30; i++) {
    paint(screen, i)
    const t = performance.now()
    renderer.render(screen.framebuffer)
    times.push(performance.now() - t)
  }
  return median(times)
}

/** Milliseconds to encode one frame of the 720x400 screen for the image protocols, over 160x47 cells of 8x16 pixels. */
function imageFrameCosts(): { kitty: number; sixel: number } {
  const screen = new RfbScreen('bench', 720, 400)
  const l = fitCells(720, 400, COLS, ROWS - 1)
  const area = { row: l.top + 1, col: l.left + 1, cols: l.width, rows: l.height }
  const time = (f: () => unknown) => {
    const times: number[] = []
    for (let i = 0; i < 10; i++) {
      paint(screen, i)
      const t = performance.now()
      f()
      times.push(performance.now() - t)
    }
    return median(times)
  }
  return { kitty: time(() => kittyFrame(screen.framebuffer, area)), sixel: time(() => sixelFrame(screen.framebuffer, area, { width: 8, height: 16 })) }
}

/** A fake host with one running server, in a fresh HOMENOVA_HOME. */
async function fakeServer(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'bench-console-'))
  const run = (...args: string[]) => execa('node', [BIN, ...args], { env: { HOMENOVA_HOME: home, NODE_ENV: 'production' } })
  await run('host', 'add', 'sim1', '--driver', 'fake')
  writeFileSync(join(home, 'disk.raw'), Buffer.alloc(1024 * 1024))
  await run('image', 'create', 'tiny', '--file', join(home, 'disk.raw'))
  await run('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
  return home
}

/**
 * Latency from a key written to the pseudo-terminal until output comes back,
 * for `console <kind> vm` in util-linux script at 160x48. `ready` tells when
 * the session is up; each key must produce output (`answered` checks it).
 */
async function keyLatency(home: string, command: string, ready: (out: string) => boolean): Promise<number[]> {
  const child: ResultPromise = execa('script', ['-qfec', `stty cols ${COLS} rows ${ROWS}; node ${BIN} ${command}`, '/dev/null'], { env: { HOMENOVA_HOME: home, NODE_ENV: 'production', TERM: 'xterm-256color' }, reject: false })
  let out = ''
  let waiter: (() => void) | undefined
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8')
    waiter?.()
  })
  const until = (check: () => boolean) => new Promise<void>((r) => {
    waiter = () => check() && (waiter = undefined, r())
    waiter()
  })
  await until(() => ready(out))
  await new Promise((r) => setTimeout(r, 500)) // let the first frame finish
  const times: number[] = []
  for (let i = 0; i < KEYS; i++) {
    const mark = out.length
    const t = performance.now()
    child.stdin!.write(String.fromCharCode(0x61 + (i % 26)))
    await until(() => out.length > mark)
    times.push(performance.now() - t)
    await new Promise((r) => setTimeout(r, 60)) // a typist's pace; lets the redraw finish
  }
  child.stdin!.write('\x1d')
  await child
  return times
}

async function main(): Promise<void> {
  console.log(`console vnc, cells at ${COLS}x${ROWS}, a 720x400 screen changing entirely every frame (${FPS_SECONDS} s each):`)
  const capped = await viewFps(30)
  console.log(`  default (capped at 30 fps): ${capped.fps.toFixed(1)} frames/s, ${capped.mibPerFrame.toFixed(2)} MiB per frame`)
  const uncapped = await viewFps(1000)
  console.log(`  uncapped:                   ${uncapped.fps.toFixed(1)} frames/s (target: at least 15)`)
  console.log(`  cell renderer, one full-screen frame: ${ms(fullFrameCost())}`)
  const images = imageFrameCosts()
  console.log(`  one full-screen frame as an image (160x47 cells of 8x16 pixels): kitty ${ms(images.kitty)}, sixel ${ms(images.sixel)} (a noisy pattern: text screens are cheaper)`)

  const home = await fakeServer()
  const vnc = await keyLatency(home, 'console vnc vm', (o) => o.includes('▀') && o.includes('detaches'))
  console.log(`console vnc keystroke to screen (built CLI in a pseudo-terminal, simulated display, ${KEYS} keys): median ${ms(median(vnc))}, p95 ${ms(p95(vnc))}`)
  const serial = await keyLatency(home, 'console serial vm', (o) => o.includes('login: '))
  console.log(`console serial echo (built CLI in a pseudo-terminal, simulated console, ${KEYS} keys): median ${ms(median(serial))}, p95 ${ms(p95(serial))}`)
}

await main()
