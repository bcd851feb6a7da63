// Image protocols for `console vnc`: which one a terminal's environment
// announces, and frames a kitty or iTerm2 terminal would decode to the screen.
import { inflateSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { decode } from 'sixel'
import { detectGraphics, iterm2Frame, kittyFrame, sixelFrame } from '../../src/cli/vnc-graphics.js'
import { TerminalInputParser } from '../../src/cli/vnc-keys.js'
import { Framebuffer } from '../../src/core/console/framebuffer.js'
import { encodePng } from '../../src/core/console/rfb/screenshot.js'

function screen(): Framebuffer {
  const fb = new Framebuffer(300, 200)
  const px = Buffer.alloc(300 * 200 * 4)
  // Noise (a fixed linear congruential sequence), so the compressed image spans several chunks.
  let seed = 12345
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
  for (let i = 0; i < 300 * 200; i++) px.set([next(), next(), next()], i * 4)
  fb.putPixels({ x: 0, y: 0, w: 300, h: 200 }, px)
  return fb
}

describe('terminal graphics', () => {
  it('detects kitty, iTerm2 and WezTerm from the environment, cells elsewhere and inside tmux', () => {
    expect(detectGraphics({ KITTY_WINDOW_ID: '1', TERM: 'xterm-kitty' })).toBe('kitty')
    expect(detectGraphics({ TERM_PROGRAM: 'ghostty' })).toBe('kitty')
    expect(detectGraphics({ TERM_PROGRAM: 'iTerm.app' })).toBe('iterm2')
    expect(detectGraphics({ TERM_PROGRAM: 'WezTerm' })).toBe('iterm2')
    expect(detectGraphics({ TERM: 'foot' })).toBe('sixel')
    expect(detectGraphics({ TERM: 'mlterm' })).toBe('sixel')
    expect(detectGraphics({ TERM: 'xterm-256color', COLORTERM: 'truecolor' })).toBe('cells')
    expect(detectGraphics({ KITTY_WINDOW_ID: '1', TMUX: '/tmp/tmux-0/default,1,0' })).toBe('cells')
  })

  it('sends kitty a zlib RGB image in 4096-byte chunks that reassemble to the screen', () => {
    const fb = screen()
    const out = kittyFrame(fb, { row: 2, col: 3, cols: 100, rows: 30 })
    expect(out.startsWith('\x1b[2;3H')).toBe(true)
    const chunks = [...out.matchAll(/\x1b_G([^;]*);([^\x1b]*)\x1b\\/g)]
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks[0][1]).toBe('a=T,f=24,o=z,s=300,v=200,i=1,p=1,c=100,r=30,q=2,C=1,m=1')
    expect(chunks.slice(1, -1).every((c) => c[1] === 'm=1' && c[2].length === 4096)).toBe(true)
    expect(chunks.at(-1)![1]).toBe('m=0')
    const rgb = inflateSync(Buffer.from(chunks.map((c) => c[2]).join(''), 'base64'))
    expect(rgb.length).toBe(300 * 200 * 3)
    expect([...rgb.subarray(3 * 1234, 3 * 1234 + 3)]).toEqual([...fb.data.subarray(4 * 1234, 4 * 1234 + 3)])
  })

  it('sends iTerm2 the screen as an inline PNG sized in cells', async () => {
    const fb = screen()
    const out = iterm2Frame(await encodePng(fb), { row: 1, col: 1, cols: 80, rows: 24 })
    const m = /^\x1b\[1;1H\x1b\]1337;File=inline=1;size=(\d+);width=80;height=24;preserveAspectRatio=1:([A-Za-z0-9+/=]+)\x07$/.exec(out)
    expect(m).not.toBeNull()
    const png = PNG.sync.read(Buffer.from(m![2], 'base64'))
    expect([png.width, png.height, Number(m![1])]).toEqual([300, 200, Buffer.from(m![2], 'base64').length])
  })

  it('draws sixel at the pixel size of its cells, in colours close to the screen', () => {
    const fb = new Framebuffer(64, 40)
    fb.fill({ x: 0, y: 0, w: 64, h: 40 }, [0, 0, 168])
    fb.fill({ x: 0, y: 0, w: 32, h: 8 }, [255, 255, 255])
    fb.fill({ x: 40, y: 30, w: 24, h: 10 }, [170, 85, 0])
    const out = sixelFrame(fb, { row: 2, col: 5, cols: 10, rows: 3 }, { width: 8, height: 16 })
    expect(out.startsWith('\x1b[2;5H\x1bP0;1;0q"1;1;80;48')).toBe(true)
    expect(out.endsWith('\x1b\\')).toBe(true)
    // The decoder takes what lies between the introducer's "q" and the string terminator.
    const image = decode(out.slice(out.indexOf('q') + 1, out.lastIndexOf('\x1b\\')))
    expect([image.width, image.height]).toEqual([80, 48])
    const rgb = (x: number, y: number) => {
      const v = image.data32[y * image.width + x]
      return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]
    }
    const near = (got: number[], want: number[]) => got.every((c, i) => Math.abs(c - want[i]) <= 26)
    expect(near(rgb(1, 1), [255, 255, 255])).toBe(true) // the white band, top left
    expect(near(rgb(40, 30), [0, 0, 168])).toBe(true) // the blue screen
    expect(near(rgb(79, 47), [170, 85, 0])).toBe(true) // the brown box, bottom right
  })

  it('reads the terminal\'s cell size answer (CSI 16 t), which sizes sixel images', () => {
    expect(new TerminalInputParser(0x1d).parse(Buffer.from('\x1b[6;20;10t'))).toEqual([{ kind: 'cell-size', width: 10, height: 20 }])
  })
})
