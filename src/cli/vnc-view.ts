// `console vnc`'s terminal view: the remote screen drawn in the alternate
// screen (cells or an image protocol), a status line at the bottom, keys and
// mouse sent to the guest, Ctrl-] (or --escape) to leave. Frames are paced:
// a frame is drawn when the screen changed, at most maxFps a second, and never
// while the terminal is still swallowing the previous one, so a slow terminal
// sees fewer frames rather than a growing backlog. The terminal is given back
// (main screen, cursor, mouse reporting off, cooked mode) however the session
// ends, even at process exit.
import { writeSync } from 'node:fs'
import type { RfbClient } from '../core/console/rfb/client.js'
import { CellRenderer, cellToPixel, fitCells } from './vnc-cells.js'
import { iterm2Frame, KITTY_CLEAR, kittyFrame, QUERY_CELL_PIXELS, sixelFrame, type CellPixels, type GraphicsMode } from './vnc-graphics.js'
import { TerminalInputParser, type KeyPress, type MouseReport } from './vnc-keys.js'

/** The terminal the view draws on. */
export interface ViewIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown }
  stdout: NodeJS.WritableStream & { columns?: number; rows?: number; fd?: number }
}

/** How the view looks and behaves. */
export interface ViewOptions {
  /** The detach byte (0x1d: Ctrl-]). */
  escape: number
  /** Left part of the status line (the server's name). */
  title: string
  /** Right part of the status line (keys to know). */
  help: string
  graphics: GraphicsMode
  /** Report the mouse to the guest (SGR mouse reporting). */
  mouse: boolean
  /** Frames per second at most (default 30). */
  maxFps?: number
  /** Called after each frame is written, with its size in bytes (the benchmark counts these). */
  onFrame?(bytes: number): void
}

/** How a view ended. */
export type ViewEnd = { how: 'detached' } | { how: 'closed'; error?: Error } | { how: 'signal'; signal: NodeJS.Signals }

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[0m\x1b[2J'
const MOUSE_ON = '\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1006h'
const LEAVE = '\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1006l\x1b[0m\x1b[?25h\x1b[?1049l'

/** Runs the view until detach, the session's end or a signal; the terminal is restored before it resolves. */
export function runVncView(client: RfbClient, io: ViewIo, options: ViewOptions): Promise<ViewEnd> {
  const fb = client.framebuffer
  const tty = io.stdin.isTTY === true
  const size = () => ({ cols: io.stdout.columns || 80, rows: Math.max(2, io.stdout.rows || 24) })
  let { cols, rows } = size()
  const renderer = new CellRenderer(fb.width, fb.height, cols, rows - 1)
  const parser = new TerminalInputParser(options.escape)
  const minInterval = 1000 / (options.maxFps ?? 30)
  let full = true
  let scheduled = false
  let busy = false
  let lastFrame = 0
  let buttons = 0
  let restored = false
  let pngEncoder: ((f: typeof fb) => Promise<Buffer>) | undefined
  // Until the terminal says (CSI 16 t), a small cell: a sixel image smaller than its area is
  // harmless, a larger one would scroll the screen.
  let cellPixels: CellPixels = { width: 6, height: 12 }

  const leave = LEAVE + (options.graphics === 'kitty' ? KITTY_CLEAR : '')
  // Last resort: a process that exits with the view up still gets its terminal back.
  const restoreAtExit = () => {
    if (!restored) writeSync(io.stdout.fd ?? 1, leave)
  }

  return new Promise<ViewEnd>((resolve) => {
    const end = (result: ViewEnd) => {
      if (restored) return
      restored = true
      io.stdin.off('data', onInput)
      io.stdin.off('end', onInputEnd)
      io.stdout.off('resize', onResize)
      client.off('update', schedule)
      client.off('resize', onScreenResize)
      client.off('bell', onBell)
      client.off('end', onEnd)
      for (const s of SIGNALS) process.off(s, onSignal)
      process.off('exit', restoreAtExit)
      io.stdout.write(leave)
      if (tty) io.stdin.setRawMode?.(false)
      io.stdin.pause()
      resolve(result)
    }

    const frame = async () => {
      scheduled = false
      if (restored) return
      busy = true
      // The cap counts from a frame's start, so drawing time is not added to the interval.
      lastFrame = performance.now()
      try {
        let out = ''
        let dirty = fb.takeDirty()
        if (full) {
          full = false
          renderer.reset(fb.width, fb.height, cols, rows - 1)
          out += `\x1b[0m\x1b[2J${statusLine(options, fb, cols, rows)}`
          dirty = [{ x: 0, y: 0, w: fb.width, h: fb.height }]
        }
        if (dirty.length > 0) out += await draw(dirty)
        if (out !== '' && !restored) {
          const drained = io.stdout.write(out)
          options.onFrame?.(out.length)
          // Back-pressure: wait for the terminal before drawing again.
          if (!drained) await new Promise<void>((r) => io.stdout.once('drain', () => r()))
        }
      } catch (err) {
        return end({ how: 'closed', error: err as Error })
      } finally {
        busy = false
      }
      if (fb.hasDirty || full) schedule()
    }

    const draw = async (dirty: ReturnType<typeof fb.takeDirty>): Promise<string> => {
      if (options.graphics === 'cells') return renderer.render(fb, dirty)
      const l = renderer.current
      const area = { row: l.top + 1, col: l.left + 1, cols: l.width, rows: l.height }
      if (options.graphics === 'kitty') return kittyFrame(fb, area)
      if (options.graphics === 'sixel') return sixelFrame(fb, area, cellPixels)
      pngEncoder ??= (await import('../core/console/rfb/screenshot.js')).encodePng
      return iterm2Frame(await pngEncoder(fb), area)
    }

    function schedule() {
      if (scheduled || busy || restored) return
      scheduled = true
      setTimeout(() => void frame(), Math.max(0, lastFrame + minInterval - performance.now()))
    }

    const send = (k: KeyPress) => {
      for (const m of k.modifiers) client.key(m, true)
      client.key(k.keysym, true)
      client.key(k.keysym, false)
      for (const m of [...k.modifiers].reverse()) client.key(m, false)
    }

    const pointer = (m: MouseReport) => {
      const at = cellToPixel(fitCells(fb.width, fb.height, cols, rows - 1), m.col, m.row, fb)
      if (!at) return
      if (m.button) buttons = m.button.down ? buttons | (1 << m.button.index) : buttons & ~(1 << m.button.index)
      if (m.wheel) client.pointer(at.x, at.y, buttons | (1 << m.wheel))
      client.pointer(at.x, at.y, buttons)
    }

    function onInput(data: Buffer) {
      for (const ev of parser.parse(data)) {
        if (ev.kind === 'detach') return end({ how: 'detached' })
        if (ev.kind === 'key') send(ev)
        else if (ev.kind === 'cell-size') {
          if (ev.width > 0 && ev.height > 0) cellPixels = { width: ev.width, height: ev.height }
          full = true
          schedule()
        } else if (options.mouse) pointer(ev)
      }
    }
    // Piped input (a script): once it is all sent, give the guest a moment to draw, then detach.
    const onInputEnd = () => setTimeout(() => end({ how: 'detached' }), 1500)
    function onResize() {
      ;({ cols, rows } = size())
      full = true
      schedule()
    }
    function onScreenResize() {
      full = true
      schedule()
    }
    const onBell = () => io.stdout.write('\x07')
    const onEnd = (error?: Error) => end({ how: 'closed', error })
    const onSignal = (signal: NodeJS.Signals) => end({ how: 'signal', signal })

    process.on('exit', restoreAtExit)
    for (const s of SIGNALS) process.on(s, onSignal)
    io.stdout.write(ENTER + (options.mouse ? MOUSE_ON : '') + (options.graphics === 'sixel' ? QUERY_CELL_PIXELS : ''))
    if (tty) io.stdin.setRawMode?.(true)
    io.stdin.on('data', onInput)
    io.stdin.once('end', onInputEnd)
    io.stdin.resume()
    io.stdout.on('resize', onResize)
    client.on('update', schedule)
    client.on('resize', onScreenResize)
    client.on('bell', onBell)
    client.on('end', onEnd)
    if (client.ended) return end({ how: 'closed', error: client.ended.error })
    schedule()
  })
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT']

// The bottom row: the server and screen size on the left, the keys on the right, in reverse video.
function statusLine(options: ViewOptions, fb: { width: number; height: number }, cols: number, rows: number): string {
  const left = ` ${options.title} ${fb.width}x${fb.height}`
  const right = `${options.help} `
  const text = left.length + right.length < cols ? left + ' '.repeat(cols - left.length - right.length) + right : (left + '  ' + right).slice(0, cols)
  return `\x1b[${rows};1H\x1b[7m${text}\x1b[0m`
}
