// The terminal view driven in-process: a fake terminal (streams, with its
// output replayed in @xterm/headless) on a client of the simulated display.
// Typed keys reach the guest's screen, Ctrl-] detaches, a dropped display
// ends the view, and each way out leaves the terminal as it was.
import { PassThrough } from 'node:stream'
import xterm from '@xterm/headless'
import { describe, expect, it } from 'vitest'
import { runVncView, type ViewOptions } from '../../src/cli/vnc-view.js'
import { RfbClient } from '../../src/core/console/rfb/client.js'
import { FakeDisplay } from '../../src/hypervisor/fake/fake-display.js'

const { Terminal } = xterm

function fakeTerminal(cols = 160, rows = 48) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, raw: false, setRawMode(raw: boolean) { stdin.raw = raw } })
  const stdout = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true })
  let written = ''
  stdout.on('data', (d: Buffer) => (written += d.toString('utf8')))
  return { stdin, stdout, written: () => written }
}

const options: ViewOptions = { escape: 0x1d, title: 'vm1', help: 'Ctrl-] detaches', graphics: 'cells', mouse: true }

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('console vnc view', () => {
  it('draws the screen in cells with a status line, sends typed keys, and detaches on Ctrl-] with the terminal restored', async () => {
    const display = new FakeDisplay('instance-1 on sim1', 'homenova-guest: booted', 'web-1 login: ')
    const client = await RfbClient.connect(display.connect())
    const t = fakeTerminal()
    const frames: number[] = []
    const view = runVncView(client, t, { ...options, onFrame: (n) => frames.push(n) })
    expect(t.stdin.raw).toBe(true)
    await until('the first frame', () => t.written().includes('▀'))
    expect(t.written()).toContain('\x1b[?1049h') // alternate screen
    expect(t.written()).toContain('\x1b[?1006h') // SGR mouse reports
    const term = new Terminal({ cols: 160, rows: 48, allowProposedApi: true })
    await new Promise<void>((r) => term.write(t.written(), r))
    const status = term.buffer.active.getLine(47)!.translateToString(true)
    expect(status).toMatch(/^ vm1 640x400 +Ctrl-\] detaches $/)
    // Typing changes the guest's prompt line: fresh cells are drawn.
    const before = frames.length
    const screenBefore = Buffer.from(client.framebuffer.data)
    t.stdin.write('root')
    await until('the typed text on the guest screen', () => frames.length > before && !client.framebuffer.data.equals(screenBefore))
    // A click lands on the guest's pointer: the simulated display prints where.
    t.stdin.write('\x1b[<0;81;25M\x1b[<0;81;25m')
    await until('the pointer report', () => frames.length > before + 1)
    t.stdin.write('\x1d')
    expect(await view).toEqual({ how: 'detached' })
    expect(t.stdin.raw).toBe(false)
    expect(t.written().endsWith('\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1006l\x1b[0m\x1b[?25h\x1b[?1049l')).toBe(true)
    client.close()
  })

  it('ends with the reason when the display goes away, and still restores the terminal', async () => {
    const display = new FakeDisplay('x', '', 'login: ')
    const stream = display.connect()
    const client = await RfbClient.connect(stream)
    const t = fakeTerminal(80, 24)
    const view = runVncView(client, t, options)
    await until('the first frame', () => t.written().includes('▀') || t.written().includes(' '))
    stream.destroy() // what a dropped host connection does to the forwarded stream
    const end = await view
    expect(end.how).toBe('closed')
    expect(end.how === 'closed' && end.error?.message).toMatch(/^the display closed the connection \(the guest stopped or rebooted, or the connection to its host dropped\)$/)
    expect(t.stdin.raw).toBe(false)
    expect(t.written()).toMatch(/\x1b\[\?1049l$/)
  })

  it('redraws everything at the new size when the terminal is resized', async () => {
    const display = new FakeDisplay('x', 'hello', 'login: ')
    const client = await RfbClient.connect(display.connect())
    const t = fakeTerminal(80, 24)
    const view = runVncView(client, t, options)
    await until('the first frame', () => t.written().includes('▀'))
    t.stdout.columns = 40
    t.stdout.rows = 12
    const mark = t.written().length
    t.stdout.emit('resize')
    await until('the redraw', () => t.written().slice(mark).includes('\x1b[2J'))
    await until('the status line at the new bottom', () => t.written().slice(mark).includes('\x1b[12;1H'))
    t.stdin.write('\x1d')
    await view
    client.close()
  })

  it('draws images for kitty, and for sixel at the cell size the terminal reports', async () => {
    const display = new FakeDisplay('x', 'hello', 'login: ')
    const kittyClient = await RfbClient.connect(display.connect())
    const k = fakeTerminal(80, 24)
    const kitty = runVncView(kittyClient, k, { ...options, graphics: 'kitty' })
    await until('a kitty image', () => k.written().includes('\x1b_Ga=T,f=24,o=z,s=640,v=400'))
    k.stdin.write('\x1d')
    await kitty
    expect(k.written()).toContain('\x1b_Ga=d,d=A,q=2\x1b\\') // its images removed on leaving
    kittyClient.close()

    const sixelClient = await RfbClient.connect(display.connect())
    const t = fakeTerminal(80, 24)
    const sixel = runVncView(sixelClient, t, { ...options, graphics: 'sixel' })
    expect(t.written()).toContain('\x1b[16t') // the cell size asked for
    t.stdin.write('\x1b[6;20;10t') // and given: 10x20 pixels
    await until('a sixel image at 10x20 pixels a cell', () => /\x1bP0;1;0q"1;1;740;460/.test(t.written()))
    t.stdin.write('\x1d')
    await sixel
    sixelClient.close()
  })
})
