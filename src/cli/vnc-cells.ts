// The framebuffer drawn with terminal cells: each cell is an upper half block
// (▀) whose foreground is the upper pixel and background the lower one, so a
// cols x rows area shows cols x 2*rows roughly square pixels in 24-bit colour.
// The screen is scaled to fit (keeping its shape) with a box filter, and only
// cells whose colours changed are written again.
import type { Framebuffer, Rect } from '../core/console/framebuffer.js'

/** Where the scaled screen sits in the terminal area. */
export interface CellLayout {
  /** Terminal area (cells) the screen is fitted into. */
  cols: number
  rows: number
  /** The screen's size in cells and its top-left cell (0-based) inside the area. */
  width: number
  height: number
  left: number
  top: number
  /** Framebuffer pixels per half-cell pixel. */
  scale: number
}

/** Fits a fbWidth x fbHeight screen into cols x rows cells, keeping its aspect, centred. */
export function fitCells(fbWidth: number, fbHeight: number, cols: number, rows: number): CellLayout {
  const scale = Math.max(fbWidth / cols, fbHeight / (rows * 2), 1e-9)
  const width = Math.max(1, Math.min(cols, Math.round(fbWidth / scale)))
  const height = Math.max(1, Math.min(rows, Math.ceil(Math.round(fbHeight / scale) / 2)))
  return { cols, rows, width, height, left: Math.floor((cols - width) / 2), top: Math.floor((rows - height) / 2), scale }
}

/** Which framebuffer pixel a terminal cell (0-based, within the area) points at, or undefined outside the screen. */
export function cellToPixel(layout: CellLayout, col: number, row: number, fb: { width: number; height: number }): { x: number; y: number } | undefined {
  const cx = col - layout.left
  const cy = row - layout.top
  if (cx < 0 || cy < 0 || cx >= layout.width || cy >= layout.height) return undefined
  return { x: Math.min(fb.width - 1, Math.floor((cx + 0.5) * layout.scale)), y: Math.min(fb.height - 1, Math.floor((cy * 2 + 1) * layout.scale)) }
}

const UNKNOWN = 0xffffffff

/** Draws a framebuffer into a terminal area, remembering what each cell shows. */
export class CellRenderer {
  private layout: CellLayout
  private top: Uint32Array
  private bottom: Uint32Array
  // Per column and per half-cell row: the framebuffer span [start, end) it averages.
  private xs: Spans
  private ys: Spans

  constructor(fbWidth: number, fbHeight: number, cols: number, rows: number, private readonly origin = { row: 1, col: 1 }) {
    this.layout = fitCells(fbWidth, fbHeight, cols, rows)
    this.top = new Uint32Array(0)
    this.bottom = new Uint32Array(0)
    this.xs = spans(0, 1, 1)
    this.ys = spans(0, 1, 1)
    this.reset(fbWidth, fbHeight, cols, rows)
  }

  /** The current layout (for mapping the mouse). */
  get current(): CellLayout {
    return this.layout
  }

  /** A new framebuffer or terminal size: the next render() draws everything. */
  reset(fbWidth: number, fbHeight: number, cols: number, rows: number): void {
    const l = (this.layout = fitCells(fbWidth, fbHeight, cols, rows))
    this.top = new Uint32Array(l.width * l.height).fill(UNKNOWN)
    this.bottom = new Uint32Array(l.width * l.height).fill(UNKNOWN)
    this.xs = spans(l.width, l.scale, fbWidth)
    this.ys = spans(l.height * 2, l.scale, fbHeight)
  }

  /**
   * The escape sequences that bring the terminal up to date with `fb`, looking
   * only at cells over the `dirty` rectangles (all cells when omitted). Returns
   * '' when nothing visible changed.
   */
  render(fb: Framebuffer, dirty?: readonly Rect[]): string {
    const l = this.layout
    const rows = new Uint8Array(l.height)
    const colFrom = new Int32Array(l.height).fill(l.width)
    const colTo = new Int32Array(l.height).fill(-1)
    for (const r of dirty ?? [{ x: 0, y: 0, w: fb.width, h: fb.height }]) {
      const c0 = Math.max(0, Math.floor(r.x / l.scale))
      const c1 = Math.min(l.width - 1, Math.floor((r.x + r.w - 1) / l.scale))
      const y0 = Math.max(0, Math.floor(r.y / l.scale / 2))
      const y1 = Math.min(l.height - 1, Math.floor((r.y + r.h - 1) / l.scale / 2))
      for (let y = y0; y <= y1; y++) {
        rows[y] = 1
        colFrom[y] = Math.min(colFrom[y], c0)
        colTo[y] = Math.max(colTo[y], c1)
      }
    }
    let out = ''
    let fg = -1
    let bg = -1
    for (let y = 0; y < l.height; y++) {
      if (!rows[y]) continue
      let cursorAt = -1
      for (let x = colFrom[y]; x <= colTo[y]; x++) {
        const i = y * l.width + x
        const t = this.average(fb, x, y * 2)
        const b = this.average(fb, x, y * 2 + 1)
        if (t === this.top[i] && b === this.bottom[i]) continue
        this.top[i] = t
        this.bottom[i] = b
        if (cursorAt !== x) out += `\x1b[${this.origin.row + l.top + y};${this.origin.col + l.left + x}H`
        if (t === b) {
          // One colour: a space on that background needs no foreground change.
          if (bg !== b) out += `\x1b[48;2;${b & 0xff};${(b >> 8) & 0xff};${b >> 16}m`
          bg = b
          out += ' '
        } else {
          if (fg !== t) out += `\x1b[38;2;${t & 0xff};${(t >> 8) & 0xff};${t >> 16}m`
          if (bg !== b) out += `\x1b[48;2;${b & 0xff};${(b >> 8) & 0xff};${b >> 16}m`
          fg = t
          bg = b
          out += '▀'
        }
        cursorAt = x + 1
      }
    }
    return out === '' ? '' : `${out}\x1b[0m`
  }

  // The mean colour (packed 0xBBGGRR) of the framebuffer pixels under half-cell pixel (x, y).
  private average(fb: Framebuffer, x: number, y: number): number {
    const x0 = this.xs.start[x]
    const x1 = this.xs.end[x]
    const y0 = this.ys.start[y]
    const y1 = this.ys.end[y]
    const d = fb.data
    let r = 0
    let g = 0
    let b = 0
    for (let py = y0; py < y1; py++) {
      let at = (py * fb.width + x0) * 4
      for (let px = x0; px < x1; px++, at += 4) {
        r += d[at]
        g += d[at + 1]
        b += d[at + 2]
      }
    }
    const n = (x1 - x0) * (y1 - y0)
    if (n <= 0) return 0
    return Math.round(r / n) | (Math.round(g / n) << 8) | (Math.round(b / n) << 16)
  }
}

interface Spans {
  start: Int32Array
  end: Int32Array
}

// `size` framebuffer pixels split into n spans of about `scale` each; each holds at least one pixel,
// and a span past the edge (the last half-cell of an odd height) repeats the edge.
function spans(n: number, scale: number, size: number): Spans {
  const start = new Int32Array(n)
  const end = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    start[i] = Math.min(size - 1, Math.floor(i * scale))
    end[i] = Math.max(start[i] + 1, Math.min(size, Math.floor((i + 1) * scale)))
  }
  return { start, end }
}
