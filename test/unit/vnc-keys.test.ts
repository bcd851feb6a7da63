// Terminal input as `console vnc` turns it into RFB key and pointer events:
// what a user types in a terminal must arrive as the keys they pressed.
import { describe, expect, it } from 'vitest'
import { charKey, parseCombination, TerminalInputParser, XK } from '../../src/cli/vnc-keys.js'

const parse = (s: string | Buffer, escape = 0x1d) => new TerminalInputParser(escape).parse(Buffer.isBuffer(s) ? s : Buffer.from(s))
const key = (keysym: number, ...modifiers: number[]) => ({ kind: 'key', keysym, modifiers })

describe('terminal keys to X keysyms', () => {
  it('sends printable characters as their keysyms, with Shift where a US keyboard needs it', () => {
    expect(parse('a1 ')).toEqual([key(0x61), key(0x31), key(0x20)])
    expect(parse('A!~')).toEqual([key(0x41, XK.Shift_L), key(0x21, XK.Shift_L), key(0x7e, XK.Shift_L)])
    expect(parse('é')).toEqual([key(0xe9)])
    expect(parse('€')).toEqual([key(0x01000000 + 0x20ac)])
  })

  it('maps Enter, Backspace, Tab, Esc and Ctrl combinations', () => {
    expect(parse('\r')).toEqual([key(XK.Return)])
    expect(parse('\x7f')).toEqual([key(XK.BackSpace)])
    expect(parse('\t')).toEqual([key(XK.Tab)])
    expect(parse('\x1b')).toEqual([key(XK.Escape)])
    expect(parse('\x03')).toEqual([key(0x63, XK.Control_L)]) // Ctrl-C
    expect(parse('\x1a')).toEqual([key(0x7a, XK.Control_L)]) // Ctrl-Z
    expect(charKey('\x1c')).toEqual(key(0x5c, XK.Control_L)) // Ctrl-\
  })

  it('reads arrows, editing keys and function keys in both xterm forms, with modifiers', () => {
    expect(parse('\x1b[A\x1b[B\x1b[C\x1b[D')).toEqual([key(XK.Up), key(XK.Down), key(XK.Right), key(XK.Left)])
    expect(parse('\x1bOA\x1bOP\x1bOS')).toEqual([key(XK.Up), key(XK.F1), key(XK.F1 + 3)])
    expect(parse('\x1b[15~\x1b[24~\x1b[2~\x1b[5~')).toEqual([key(XK.F1 + 4), key(XK.F1 + 11), key(XK.Insert), key(XK.PageUp)])
    expect(parse('\x1b[1;5C')).toEqual([key(XK.Right, XK.Control_L)])
    // Ctrl-Alt-Del as xterm reports it (modifier 7 = 1 + alt 2 + ctrl 4).
    expect(parse('\x1b[3;7~')).toEqual([key(XK.Delete, XK.Control_L, XK.Alt_L)])
    expect(parse('\x1b[Z')).toEqual([key(XK.Tab, XK.Shift_L)])
  })

  it('takes ESC before a character as Alt', () => {
    expect(parse('\x1bx')).toEqual([key(0x78, XK.Alt_L)])
    expect(parse('\x1b\x1b')).toEqual([key(XK.Escape), key(XK.Escape)])
  })

  it('detaches on the escape byte and ignores what follows it', () => {
    expect(parse('ab\x1dcd')).toEqual([key(0x61), key(0x62), { kind: 'detach' }])
    expect(parse('\x18', 0x18)).toEqual([{ kind: 'detach' }])
  })

  it('keeps a UTF-8 character split across two reads', () => {
    const p = new TerminalInputParser(0x1d)
    const bytes = Buffer.from('ü')
    expect(p.parse(bytes.subarray(0, 1))).toEqual([])
    expect(p.parse(bytes.subarray(1))).toEqual([key(0xfc)])
  })

  it('reads SGR mouse reports: press, drag, release and the wheel', () => {
    expect(parse('\x1b[<0;10;5M')).toEqual([{ kind: 'mouse', col: 9, row: 4, button: { index: 0, down: true } }])
    expect(parse('\x1b[<32;11;5M')).toEqual([{ kind: 'mouse', col: 10, row: 4 }])
    expect(parse('\x1b[<0;11;5m')).toEqual([{ kind: 'mouse', col: 10, row: 4, button: { index: 0, down: false } }])
    expect(parse('\x1b[<2;1;1M')).toEqual([{ kind: 'mouse', col: 0, row: 0, button: { index: 2, down: true } }])
    expect(parse('\x1b[<64;3;3M\x1b[<65;3;3M')).toEqual([{ kind: 'mouse', col: 2, row: 2, wheel: 3 }, { kind: 'mouse', col: 2, row: 2, wheel: 4 }])
  })

  it('ignores reports it did not ask for (focus in and out)', () => {
    expect(parse('\x1b[I\x1b[O')).toEqual([])
  })
})

describe('--send key combinations', () => {
  it('reads modifiers and a named key', () => {
    expect(parseCombination('ctrl-alt-del')).toEqual(key(XK.Delete, XK.Control_L, XK.Alt_L))
    expect(parseCombination('Alt+F2')).toEqual(key(XK.F1 + 1, XK.Alt_L))
    expect(parseCombination('f12')).toEqual(key(XK.F1 + 11))
    expect(parseCombination('ctrl-c')).toEqual(key(0x63, XK.Control_L))
  })

  it('names what it does not know', () => {
    expect(parseCombination('hyper-x')).toMatch(/unknown modifier "hyper"/)
    expect(parseCombination('ctrl-nope')).toMatch(/unknown key "nope"/)
  })
})
