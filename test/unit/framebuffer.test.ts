// The framebuffer the RFB client fills: pixels land where the server put them,
// CopyRect moves overlapping areas correctly, and the dirty list tells a view
// what to redraw.
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { Framebuffer } from '../../src/core/console/framebuffer.js'
import { encodePng } from '../../src/core/console/rfb/screenshot.js'

const px = (fb: Framebuffer, x: number, y: number) => [...fb.data.subarray((y * fb.width + x) * 4, (y * fb.width + x) * 4 + 3)]

function numbered(w: number, h: number): Framebuffer {
  const fb = new Framebuffer(w, h)
  const data = Buffer.alloc(w * h * 4)
  for (let i = 0; i < w * h; i++) data.set([i & 0xff, i >> 8, 0, 0], i * 4)
  fb.putPixels({ x: 0, y: 0, w, h }, data)
  return fb
}

describe('Framebuffer', () => {
  it('knows when every pixel has arrived', () => {
    const fb = new Framebuffer(4, 2)
    expect(fb.complete).toBe(false)
    fb.fill({ x: 0, y: 0, w: 4, h: 1 }, [1, 1, 1])
    fb.fill({ x: 0, y: 0, w: 2, h: 1 }, [1, 1, 1])
    expect(fb.complete).toBe(false)
    fb.fill({ x: 0, y: 1, w: 4, h: 1 }, [1, 1, 1])
    expect(fb.complete).toBe(true)
    fb.resize(5, 5)
    expect(fb.complete).toBe(false)
  })

  it('copies overlapping rectangles in every direction as if through a temporary', () => {
    for (const [dx, dy] of [[2, 1], [-2, -1], [0, 3], [3, 0], [-1, 2]]) {
      const fb = numbered(10, 8)
      const before = Buffer.from(fb.data)
      const src = { x: 3, y: 2 }
      fb.copyRect(src.x, src.y, { x: src.x + dx, y: src.y + dy, w: 4, h: 3 })
      for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) {
        const from = ((src.y + y) * 10 + src.x + x) * 4
        expect(px(fb, src.x + dx + x, src.y + dy + y)).toEqual([...before.subarray(from, from + 3)])
      }
    }
  })

  it('lists changed rectangles once, then collapses many into their bounding box', () => {
    const fb = new Framebuffer(100, 100)
    fb.fill({ x: 1, y: 1, w: 2, h: 2 }, [0, 0, 0])
    expect(fb.hasDirty).toBe(true)
    expect(fb.takeDirty()).toEqual([{ x: 1, y: 1, w: 2, h: 2 }])
    expect(fb.takeDirty()).toEqual([])
    for (let i = 0; i < 80; i++) fb.fill({ x: i, y: i, w: 1, h: 1 }, [0, 0, 0])
    const dirty = fb.takeDirty()
    // The 65th rectangle folded the first 65 into one box; the 15 after it are listed again.
    expect(dirty).toHaveLength(16)
    expect(dirty[0]).toEqual({ x: 0, y: 0, w: 65, h: 65 })
  })

  it('refuses a rectangle outside the screen', () => {
    expect(() => new Framebuffer(4, 4).putPixels({ x: 3, y: 0, w: 2, h: 1 }, Buffer.alloc(8))).toThrow(/rectangle 2x1 at 3,0 lies outside the 4x4 screen/)
  })

  it('encodes a PNG that decodes to the same pixels, opaque', async () => {
    const fb = numbered(37, 21)
    const png = PNG.sync.read(await encodePng(fb))
    expect([png.width, png.height]).toEqual([37, 21])
    expect([...png.data.subarray((5 * 37 + 7) * 4, (5 * 37 + 7) * 4 + 4)]).toEqual([...px(fb, 7, 5), 255])
  })
})
