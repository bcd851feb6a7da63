// A remote screen as the RFB client keeps it: RGBX pixels (4 bytes each, the
// layout the client asks the server for, so Raw rectangles copy straight in),
// the regions changed since a view last drew, and which pixels the server has
// sent at all (a screenshot waits until every pixel has arrived).

/** A rectangle in framebuffer pixels. */
export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

// Past this many separate dirty rectangles, one bounding box is cheaper to redraw than the list is to walk.
const MAX_DIRTY = 64

/** The pixels of a remote screen and what changed in them. */
export class Framebuffer {
  width: number
  height: number
  /** width * height pixels, row-major, bytes R, G, B, unused. */
  data: Buffer
  private dirty: Rect[] = []
  private covered: Uint8Array
  private uncovered: number

  constructor(width: number, height: number) {
    this.width = width
    this.height = height
    this.data = Buffer.alloc(width * height * 4)
    this.covered = new Uint8Array(width * height)
    this.uncovered = width * height
  }

  /** Every pixel has been sent by the server at least once since the last resize. */
  get complete(): boolean {
    return this.uncovered === 0
  }

  /** Writes a rectangle of RGBX pixels (w * h * 4 bytes, row-major). */
  putPixels(r: Rect, pixels: Buffer): void {
    this.check(r)
    const rowBytes = r.w * 4
    for (let row = 0; row < r.h; row++) {
      pixels.copy(this.data, ((r.y + row) * this.width + r.x) * 4, row * rowBytes, (row + 1) * rowBytes)
    }
    this.touch(r)
  }

  /** Fills a rectangle with one colour. */
  fill(r: Rect, rgb: readonly [number, number, number]): void {
    this.check(r)
    const px = rgb[0] | (rgb[1] << 8) | (rgb[2] << 16)
    for (let row = 0; row < r.h; row++) {
      const start = ((r.y + row) * this.width + r.x) * 4
      for (let i = 0; i < r.w; i++) this.data.writeUInt32LE(px, start + i * 4)
    }
    this.touch(r)
  }

  /** RFB's CopyRect: the rectangle `to` takes the pixels that were at (srcX, srcY). Overlaps are safe. */
  copyRect(srcX: number, srcY: number, to: Rect): void {
    this.check(to)
    this.check({ x: srcX, y: srcY, w: to.w, h: to.h })
    const rowBytes = to.w * 4
    // Copy rows in the order that never overwrites a source row before it is read.
    const down = to.y > srcY
    for (let i = 0; i < to.h; i++) {
      const row = down ? to.h - 1 - i : i
      const from = ((srcY + row) * this.width + srcX) * 4
      this.data.copy(this.data, ((to.y + row) * this.width + to.x) * 4, from, from + rowBytes)
    }
    this.touch(to)
  }

  /** A new size (RFB's DesktopSize): the pixels are cleared and wait for the server again. */
  resize(width: number, height: number): void {
    this.width = width
    this.height = height
    this.data = Buffer.alloc(width * height * 4)
    this.covered = new Uint8Array(width * height)
    this.uncovered = width * height
    this.dirty = [{ x: 0, y: 0, w: width, h: height }]
  }

  /** Something changed since the last takeDirty(). */
  get hasDirty(): boolean {
    return this.dirty.length > 0
  }

  /** The regions changed since the last call, and forgets them. */
  takeDirty(): Rect[] {
    const out = this.dirty
    this.dirty = []
    return out
  }

  /** Marks the whole screen changed (a view that must redraw everything). */
  markAllDirty(): void {
    this.dirty = [{ x: 0, y: 0, w: this.width, h: this.height }]
  }

  /** The pixels as RGBA (alpha 255), for a PNG. */
  toRgba(): Buffer {
    const out = Buffer.from(this.data)
    for (let i = 3; i < out.length; i += 4) out[i] = 255
    return out
  }

  private check(r: Rect): void {
    if (r.x < 0 || r.y < 0 || r.w < 0 || r.h < 0 || r.x + r.w > this.width || r.y + r.h > this.height) {
      throw new Error(`rectangle ${r.w}x${r.h} at ${r.x},${r.y} lies outside the ${this.width}x${this.height} screen`)
    }
  }

  private touch(r: Rect): void {
    if (r.w === 0 || r.h === 0) return
    if (this.uncovered > 0) {
      for (let y = r.y; y < r.y + r.h; y++) {
        const row = y * this.width
        for (let x = r.x; x < r.x + r.w; x++) {
          if (this.covered[row + x] === 0) {
            this.covered[row + x] = 1
            this.uncovered--
          }
        }
      }
    }
    if (this.dirty.length >= MAX_DIRTY) this.dirty = [boundingBox([...this.dirty, r])]
    else this.dirty.push(r)
  }
}

/** The smallest rectangle holding all of `rects` (which must not be empty). */
export function boundingBox(rects: readonly Rect[]): Rect {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const r of rects) {
    x0 = Math.min(x0, r.x)
    y0 = Math.min(y0, r.y)
    x1 = Math.max(x1, r.x + r.w)
    y1 = Math.max(y1, r.y + r.h)
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}
