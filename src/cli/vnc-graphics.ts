// Terminal image protocols for `console vnc`: where the terminal shows real
// pixels, the framebuffer is sent as one image placed over the view's cells
// (kitty's graphics protocol, iTerm2's inline images, DEC sixel); elsewhere
// half-block cells (vnc-cells.ts). Kitty and iTerm2 scale the image into the
// cells themselves; sixel is drawn at the terminal's pixel size here.
import { deflateSync } from 'node:zlib'
import type { Framebuffer } from '../core/console/framebuffer.js'

/** How the view draws the screen. */
export type GraphicsMode = 'cells' | 'kitty' | 'iterm2' | 'sixel'

/** The --graphics choices. */
export const GRAPHICS_CHOICES = ['auto', 'cells', 'kitty', 'iterm2', 'sixel'] as const

/**
 * The best mode the terminal announces in its environment: kitty (and
 * ghostty) set KITTY_WINDOW_ID or TERM=xterm-kitty / TERM_PROGRAM=ghostty;
 * iTerm2 and WezTerm set TERM_PROGRAM and show iTerm2 images; foot, mlterm
 * and contour, which draw sixel, say so in TERM or TERM_PROGRAM. Anything
 * else (xterm draws sixel only when built and started for it) gets cells,
 * which every truecolor terminal draws. Inside tmux or screen images would
 * need passthrough, so cells too.
 */
export function detectGraphics(env: NodeJS.ProcessEnv): GraphicsMode {
  if (env.TMUX || env.TERM?.startsWith('screen') || env.TERM?.startsWith('tmux')) return 'cells'
  if (env.KITTY_WINDOW_ID || env.TERM === 'xterm-kitty' || env.TERM_PROGRAM === 'ghostty') return 'kitty'
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'WezTerm') return 'iterm2'
  if (/^(foot|mlterm|contour)/.test(env.TERM ?? '') || /^(mlterm|contour)/i.test(env.TERM_PROGRAM ?? '')) return 'sixel'
  return 'cells'
}

/** Where the image goes: a cell rectangle (1-based top-left, as CSI H counts). */
export interface ImageArea {
  row: number
  col: number
  cols: number
  rows: number
}

/** Kitty graphics: the screen as zlib-compressed RGB, replacing image 1 in place, in chunks of 4096 base64 bytes. */
export function kittyFrame(fb: Framebuffer, area: ImageArea): string {
  const rgb = Buffer.alloc(fb.width * fb.height * 3)
  for (let i = 0, o = 0; i < fb.data.length; i += 4, o += 3) {
    rgb[o] = fb.data[i]
    rgb[o + 1] = fb.data[i + 1]
    rgb[o + 2] = fb.data[i + 2]
  }
  const payload = deflateSync(rgb, { level: 1 }).toString('base64')
  let out = `\x1b[${area.row};${area.col}H`
  for (let at = 0; at < payload.length || at === 0; at += 4096) {
    const chunk = payload.slice(at, at + 4096)
    const more = at + 4096 < payload.length ? 1 : 0
    // q=2: no replies (they would arrive on stdin as keys); C=1: the cursor stays put.
    const keys = at === 0 ? `a=T,f=24,o=z,s=${fb.width},v=${fb.height},i=1,p=1,c=${area.cols},r=${area.rows},q=2,C=1,m=${more}` : `m=${more}`
    out += `\x1b_G${keys};${chunk}\x1b\\`
  }
  return out
}

/** Removes kitty images this view placed (on leaving). */
export const KITTY_CLEAR = '\x1b_Ga=d,d=A,q=2\x1b\\'

/** iTerm2 inline image: a PNG stretched over the area. */
export function iterm2Frame(png: Buffer, area: ImageArea): string {
  return `\x1b[${area.row};${area.col}H\x1b]1337;File=inline=1;size=${png.length};width=${area.cols};height=${area.rows};preserveAspectRatio=1:${png.toString('base64')}\x07`
}

/** The size of one terminal cell in pixels (the answer to CSI 16 t). */
export interface CellPixels {
  width: number
  height: number
}

/** Asks the terminal for its cell size in pixels; the answer comes back on stdin (see vnc-keys.ts). */
export const QUERY_CELL_PIXELS = '\x1b[16t'

// A 6x6x6 colour cube: a fixed palette maps each pixel in O(1), where
// quantizing every frame (the sixel package's encoder) takes over a second at
// 1280x720; the sixel package is used by the tests to decode what this writes.
const LEVELS = 6
const level = (v: number) => ((v * (LEVELS - 1) + 127) / 255) | 0

/**
 * DEC sixel: the screen scaled (nearest pixel) to the area's size in pixels,
 * colours from the cube, each band of six rows written colour by colour with
 * run-length encoding. Raster attributes "1;1 make pixels square.
 */
export function sixelFrame(fb: Framebuffer, area: ImageArea, cell: CellPixels): string {
  const w = Math.max(1, area.cols * cell.width)
  const h = Math.max(1, area.rows * cell.height)
  const index = new Uint8Array(w * h)
  const used = new Uint8Array(LEVELS ** 3)
  const sx = Int32Array.from({ length: w }, (_, x) => Math.min(fb.width - 1, Math.floor(((x + 0.5) * fb.width) / w)))
  for (let y = 0; y < h; y++) {
    const row = Math.min(fb.height - 1, Math.floor(((y + 0.5) * fb.height) / h)) * fb.width
    for (let x = 0; x < w; x++) {
      const p = (row + sx[x]) * 4
      const c = level(fb.data[p]) * 36 + level(fb.data[p + 1]) * 6 + level(fb.data[p + 2])
      index[y * w + x] = c
      used[c] = 1
    }
  }
  const parts: string[] = [`\x1b[${area.row};${area.col}H\x1bP0;1;0q"1;1;${w};${h}`]
  const pct = (l: number) => Math.round((l * 100) / (LEVELS - 1))
  for (let c = 0; c < used.length; c++) if (used[c]) parts.push(`#${c};2;${pct((c / 36) | 0)};${pct(((c / 6) | 0) % 6)};${pct(c % 6)}`)
  const inBand = new Uint8Array(used.length)
  for (let y0 = 0; y0 < h; y0 += 6) {
    inBand.fill(0)
    const rows = Math.min(6, h - y0)
    for (let i = y0 * w; i < (y0 + rows) * w; i++) inBand[index[i]] = 1
    let first = true
    for (let c = 0; c < inBand.length; c++) {
      if (!inBand[c]) continue
      let line = first ? `#${c}` : `$#${c}`
      first = false
      let run = 0
      let prev = -1
      const flush = () => {
        if (run === 0) return
        const ch = String.fromCharCode(63 + prev)
        line += run > 3 ? `!${run}${ch}` : ch.repeat(run)
      }
      for (let x = 0; x < w; x++) {
        let bits = 0
        for (let k = 0; k < rows; k++) if (index[(y0 + k) * w + x] === c) bits |= 1 << k
        if (bits === prev) run++
        else {
          flush()
          prev = bits
          run = 1
        }
      }
      // A colour's trailing empty columns need not be sent.
      if (prev !== 0) flush()
      parts.push(line)
    }
    parts.push('-')
  }
  parts.push('\x1b\\')
  return parts.join('')
}
