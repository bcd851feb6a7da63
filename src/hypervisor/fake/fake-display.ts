// The screen of a simulated guest: there is no guest, so an in-process RFB
// server shows its console log in a built-in bitmap font, VGA-style (80x25
// cells of 8x16 pixels), with a login prompt that takes what is typed. Enough
// for `homenova demo`, `console vnc`, `console screenshot` and the dashboard
// to show something real on simulated servers.
import type { Duplex } from 'node:stream'
import { duplexPair } from '../../core/console/rfb/duplex-pair.js'
import { RfbScreen, serveRfb } from '../../core/console/rfb/server.js'
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './fake-font.js'

const COLS = 80
const ROWS = 25
const CELL_W = 8
const CELL_H = 16
type Rgb = readonly [number, number, number]
const TITLE_BG: Rgb = [0, 120, 120]
const BG: Rgb = [16, 24, 96]
const FG: Rgb = [208, 208, 208]
const BRIGHT: Rgb = [255, 255, 96]
// Keysyms the prompt understands (X11 keysymdef.h).
const XK_BackSpace = 0xff08
const XK_Return = 0xff0d

/** A simulated guest's screen; connections share it, so what one types the others see. */
export class FakeDisplay {
  readonly screen: RfbScreen
  private typed = ''
  /** Log lines on screen, from the top (row 1) down; past the last row the log scrolls. */
  private shown = 0

  /** `log` is the console log; its last lines fill the screen above the prompt. */
  constructor(
    private readonly title: string,
    log: string,
    private readonly prompt: string,
  ) {
    this.screen = new RfbScreen(title, COLS * CELL_W, ROWS * CELL_H)
    this.screen.fill({ x: 0, y: 0, w: COLS * CELL_W, h: ROWS * CELL_H }, BG)
    this.text(0, ` homenova simulated display: ${title}`.padEnd(COLS), FG, TITLE_BG)
    for (const line of log === '' ? [] : log.split('\n').slice(-(ROWS - 2))) this.println(line.replace(/\r/g, ''))
    this.drawPrompt()
  }

  /** A new connection to this screen: the client's end of an in-process RFB stream. */
  connect(): Duplex {
    const [client, server] = duplexPair()
    serveRfb(server, this.screen, { onKey: (k, down) => down && this.key(k), onPointer: (x, y, b) => this.pointer(x, y, b) }).catch(() => undefined)
    return client
  }

  private key(keysym: number): void {
    if (keysym === XK_Return) {
      this.println(`${this.prompt}${this.typed}`)
      this.println(`simulated guest: "${this.typed}" went nowhere (no shell on a simulated host)`)
      this.typed = ''
    } else if (keysym === XK_BackSpace) this.typed = this.typed.slice(0, -1)
    else if (keysym >= 0x20 && keysym <= 0x7e && this.prompt.length + this.typed.length < COLS - 1) this.typed += String.fromCharCode(keysym)
    else return
    this.drawPrompt()
  }

  private pointer(x: number, y: number, buttons: number): void {
    const where = `pointer ${x},${y}${buttons ? ` buttons ${buttons}` : ''} `
    this.text(0, ` homenova simulated display: ${this.title}`.padEnd(COLS - where.length) + where, FG, TITLE_BG)
  }

  // A line under the last one; once the log area (rows 1 to ROWS-2) is full it moves up a line, as a console scrolls: a CopyRect for clients.
  private println(line: string): void {
    if (this.shown < ROWS - 2) {
      this.text(1 + this.shown++, line, FG, BG)
      return
    }
    this.screen.copy(0, 2 * CELL_H, { x: 0, y: CELL_H, w: COLS * CELL_W, h: (ROWS - 3) * CELL_H })
    this.text(ROWS - 2, line, FG, BG)
  }

  private drawPrompt(): void {
    this.text(ROWS - 1, `${this.prompt}${this.typed}`, BRIGHT, BG)
    const x = (this.prompt.length + this.typed.length) * CELL_W
    if (x < COLS * CELL_W) this.screen.fill({ x, y: (ROWS - 1) * CELL_H + CELL_H - 3, w: CELL_W - 1, h: 2 }, FG)
  }

  // One text row, drawn whole (clipped or padded to the width) in one rectangle.
  private text(row: number, line: string, fg: Rgb, bg: Rgb): void {
    const w = COLS * CELL_W
    const px = Buffer.alloc(w * CELL_H * 4)
    for (let i = 0; i < w * CELL_H; i++) px.set(bg, i * 4)
    const chars = line.slice(0, COLS)
    for (let c = 0; c < chars.length; c++) {
      if (chars[c] === ' ') continue
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (!glyphPixel(chars[c], gx, gy)) continue
          // Each glyph row is drawn twice: 5x7 becomes 5x14 in an 8x16 cell, as VGA text looks.
          for (const dy of [0, 1]) px.set(fg, ((1 + gy * 2 + dy) * w + c * CELL_W + 1 + gx) * 4)
        }
      }
    }
    this.screen.put({ x: 0, y: row * CELL_H, w, h: CELL_H }, px)
  }
}
