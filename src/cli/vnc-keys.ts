// Terminal input to RFB events: the bytes a terminal sends in raw mode (UTF-8
// text, control characters, CSI/SS3 escape sequences with xterm's modifier
// parameter, SGR mouse reports) become X keysyms with the modifiers to hold,
// and pointer events in terminal cells.
import { StringDecoder } from 'node:string_decoder'

/** X keysyms (X11 keysymdef.h) used here. */
export const XK = {
  BackSpace: 0xff08, Tab: 0xff09, Return: 0xff0d, Escape: 0xff1b, Delete: 0xffff,
  Home: 0xff50, Left: 0xff51, Up: 0xff52, Right: 0xff53, Down: 0xff54, PageUp: 0xff55, PageDown: 0xff56, End: 0xff57, Insert: 0xff63,
  F1: 0xffbe, Shift_L: 0xffe1, Control_L: 0xffe3, Alt_L: 0xffe9, Super_L: 0xffeb,
} as const

/** A key to press and release, with modifier keysyms held around it. */
export interface KeyPress {
  kind: 'key'
  keysym: number
  modifiers: number[]
}

/** A mouse report: a 0-based cell, which buttons are down (RFB mask), and a wheel click if any. */
export interface MouseReport {
  kind: 'mouse'
  col: number
  row: number
  /** The button this report is about (0 left, 1 middle, 2 right) and whether it went down; none for a move. */
  button?: { index: number; down: boolean }
  /** 3 wheel up, 4 wheel down (RFB button bits 3 and 4). */
  wheel?: 3 | 4
}

/** The terminal's answer to CSI 16 t: one cell's size in pixels (for sixel). */
export interface CellSizeReport {
  kind: 'cell-size'
  width: number
  height: number
}

/** What one piece of terminal input means. */
export type TerminalInput = KeyPress | MouseReport | CellSizeReport | { kind: 'detach' }

// Characters a US keyboard types with Shift: QEMU maps keysyms to scancodes
// and does not add Shift itself, so without it "A" would arrive as "a".
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?')

// CSI <n>~ keys (xterm, VT220).
const TILDE_KEYS: Record<number, number> = { 1: XK.Home, 2: XK.Insert, 3: XK.Delete, 4: XK.End, 5: XK.PageUp, 6: XK.PageDown, 7: XK.Home, 8: XK.End, 11: XK.F1, 12: XK.F1 + 1, 13: XK.F1 + 2, 14: XK.F1 + 3, 15: XK.F1 + 4, 17: XK.F1 + 5, 18: XK.F1 + 6, 19: XK.F1 + 7, 20: XK.F1 + 8, 21: XK.F1 + 9, 23: XK.F1 + 10, 24: XK.F1 + 11 }

// The final letter of CSI/SS3 sequences (arrows, Home/End, F1-F4).
const LETTER_KEYS: Record<string, number> = { A: XK.Up, B: XK.Down, C: XK.Right, D: XK.Left, H: XK.Home, F: XK.End, P: XK.F1, Q: XK.F1 + 1, R: XK.F1 + 2, S: XK.F1 + 3 }

/** The modifiers of xterm's parameter m (1 + shift 1 + alt 2 + ctrl 4 + meta 8). */
function modifiersOf(m: number): number[] {
  const bits = Math.max(0, m - 1)
  const out: number[] = []
  if (bits & 4) out.push(XK.Control_L)
  if (bits & 2 || bits & 8) out.push(XK.Alt_L)
  if (bits & 1) out.push(XK.Shift_L)
  return out
}

/** The key for one character as typed (without Alt). */
export function charKey(ch: string): KeyPress {
  const code = ch.codePointAt(0) ?? 0
  const key = (keysym: number, ...modifiers: number[]): KeyPress => ({ kind: 'key', keysym, modifiers })
  if (ch === '\r' || ch === '\n') return key(XK.Return)
  if (ch === '\t') return key(XK.Tab)
  if (ch === '\x7f' || ch === '\b') return key(XK.BackSpace)
  if (ch === '\x1b') return key(XK.Escape)
  if (code === 0) return key(0x20, XK.Control_L)
  if (code < 0x1b) return key(0x60 + code, XK.Control_L) // Ctrl-A is 0x01: keysym 'a'
  if (code < 0x20) return key([0x5c, 0x5d, 0x36, 0x2d][code - 0x1c], XK.Control_L) // Ctrl-\ ] ^ _ (^ and _ on US keys 6 and -)
  if (ch >= 'A' && ch <= 'Z') return key(code, XK.Shift_L)
  if (SHIFTED.has(ch)) return key(code, XK.Shift_L)
  if (code <= 0xff) return key(code) // Latin-1 keysyms are the code points
  return key(0x01000000 + code) // X's Unicode keysyms
}

/** Decodes raw terminal input; `escape` is the detach byte (e.g. 0x1d for Ctrl-]). Keeps UTF-8 split across reads. */
export class TerminalInputParser {
  private readonly decoder = new StringDecoder('utf8')

  constructor(private readonly escape: number) {}

  /** The events in one read from the terminal. */
  parse(data: Buffer): TerminalInput[] {
    const s = this.decoder.write(data)
    const out: TerminalInput[] = []
    let i = 0
    while (i < s.length) {
      const ch = s[i]
      if (ch.charCodeAt(0) === this.escape) {
        out.push({ kind: 'detach' })
        return out
      }
      if (ch !== '\x1b' || i + 1 >= s.length) {
        const cp = s.codePointAt(i) ?? 0
        const text = String.fromCodePoint(cp)
        out.push(charKey(text))
        i += text.length
        continue
      }
      const next = s[i + 1]
      if (next === '[') {
        const m = /^\x1b\[(<?)([\d;]*)([@-~])/.exec(s.slice(i))
        if (m) {
          const ev = csi(m[1], m[2], m[3])
          if (ev) out.push(ev)
          i += m[0].length
          continue
        }
      } else if (next === 'O' && i + 2 < s.length && LETTER_KEYS[s[i + 2]]) {
        out.push({ kind: 'key', keysym: LETTER_KEYS[s[i + 2]], modifiers: [] })
        i += 3
        continue
      } else if (next !== '\x1b') {
        // ESC then a character: the terminal's Alt (meta sends escape).
        const cp = s.codePointAt(i + 1) ?? 0
        const text = String.fromCodePoint(cp)
        const k = charKey(text)
        out.push({ ...k, modifiers: [XK.Alt_L, ...k.modifiers] })
        i += 1 + text.length
        continue
      }
      out.push(charKey('\x1b'))
      i += 1
    }
    return out
  }
}

// One CSI sequence: a key with xterm modifiers, or an SGR mouse report (private marker '<').
function csi(marker: string, params: string, final: string): TerminalInput | undefined {
  const nums = params.split(';').map((p) => (p === '' ? 1 : Number(p)))
  if (marker === '<' && (final === 'M' || final === 'm') && nums.length === 3) {
    const [b, x, y] = nums
    const report: MouseReport = { kind: 'mouse', col: x - 1, row: y - 1 }
    if (b & 64) {
      if ((b & 3) < 2 && final === 'M') report.wheel = (b & 1) === 0 ? 3 : 4
    } else if ((b & 32) === 0 && (b & 3) !== 3) report.button = { index: b & 3, down: final === 'M' }
    return report
  }
  if (final === 't' && nums[0] === 6 && nums.length === 3) return { kind: 'cell-size', width: nums[2], height: nums[1] }
  if (final === '~' && TILDE_KEYS[nums[0]]) return { kind: 'key', keysym: TILDE_KEYS[nums[0]], modifiers: modifiersOf(nums[1] ?? 1) }
  if (final === 'Z') return { kind: 'key', keysym: XK.Tab, modifiers: [XK.Shift_L] }
  if (LETTER_KEYS[final]) return { kind: 'key', keysym: LETTER_KEYS[final], modifiers: modifiersOf(nums[1] ?? 1) }
  return undefined // a report we did not ask for (focus, cursor position): nothing to send
}

// Names for --send: modifiers, then one key.
const NAMED_KEYS: Record<string, number> = {
  del: XK.Delete, delete: XK.Delete, backspace: XK.BackSpace, tab: XK.Tab, enter: XK.Return, return: XK.Return, esc: XK.Escape, escape: XK.Escape,
  home: XK.Home, end: XK.End, pageup: XK.PageUp, pagedown: XK.PageDown, insert: XK.Insert, up: XK.Up, down: XK.Down, left: XK.Left, right: XK.Right, space: 0x20,
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i + 1}`, XK.F1 + i])),
}
const MODIFIER_NAMES: Record<string, number> = { ctrl: XK.Control_L, control: XK.Control_L, alt: XK.Alt_L, shift: XK.Shift_L, super: XK.Super_L, win: XK.Super_L }

/** A key combination such as "ctrl-alt-del" or "alt+f2" as a KeyPress, or an error message. */
export function parseCombination(spec: string): KeyPress | string {
  const parts = spec.toLowerCase().split(/[-+]/)
  const last = parts.pop() ?? ''
  const modifiers: number[] = []
  for (const p of parts) {
    if (!MODIFIER_NAMES[p]) return `unknown modifier "${p}" in ${JSON.stringify(spec)} (ctrl, alt, shift, super)`
    modifiers.push(MODIFIER_NAMES[p])
  }
  const keysym = NAMED_KEYS[last] ?? (/^[a-z0-9]$/.test(last) ? last.charCodeAt(0) : undefined)
  if (keysym === undefined) return `unknown key "${last}" in ${JSON.stringify(spec)} (a letter, a digit, f1-f12, del, enter, esc, tab, backspace, space, arrows, home, end, pageup, pagedown, insert)`
  return { kind: 'key', keysym, modifiers }
}
