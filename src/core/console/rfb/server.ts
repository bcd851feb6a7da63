// A small RFB 3.8 server: the fake driver's simulated display, the client's
// tests and the console benchmark serve a screen with it. Security type None,
// Raw and CopyRect rectangles, DesktopSize; incremental requests are held until
// the screen changes, as QEMU holds them.
import { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { Framebuffer, type Rect } from '../framebuffer.js'
import { ByteReader } from './byte-reader.js'
import { ClientMessage, decodePixelFormat, Encoding, encodePixelFormat, lengthPrefixed, rectHeader, Security, ServerMessage, VERSION_3_8, type PixelFormat } from './messages.js'

/** One change to a served screen. */
export type ScreenChange = { kind: 'pixels'; rect: Rect } | { kind: 'copy'; srcX: number; srcY: number; rect: Rect } | { kind: 'resize' }

/** A screen to serve: its pixels, and its changes published to every connection. */
export class RfbScreen extends EventEmitter<{ change: [ScreenChange] }> {
  readonly framebuffer: Framebuffer

  constructor(readonly name: string, width: number, height: number) {
    super()
    this.setMaxListeners(0)
    this.framebuffer = new Framebuffer(width, height)
  }

  /** Writes RGBX pixels into a rectangle. */
  put(rect: Rect, pixels: Buffer): void {
    this.framebuffer.putPixels(rect, pixels)
    this.emit('change', { kind: 'pixels', rect })
  }

  /** Fills a rectangle with one colour. */
  fill(rect: Rect, rgb: readonly [number, number, number]): void {
    this.framebuffer.fill(rect, rgb)
    this.emit('change', { kind: 'pixels', rect })
  }

  /** Moves pixels (sent to clients as CopyRect where they accept it). */
  copy(srcX: number, srcY: number, rect: Rect): void {
    this.framebuffer.copyRect(srcX, srcY, rect)
    this.emit('change', { kind: 'copy', srcX, srcY, rect })
  }

  /** A new size; the screen is black until drawn. */
  resize(width: number, height: number): void {
    this.framebuffer.resize(width, height)
    this.emit('change', { kind: 'resize' })
  }
}

/** How a served connection behaves; the defaults are QEMU's without a password. */
export interface ServeOptions {
  /** Security types offered (default [None]). */
  securityTypes?: number[]
  /** Key events from the client. */
  onKey?(keysym: number, down: boolean): void
  /** Pointer events from the client. */
  onPointer?(x: number, y: number, buttons: number): void
}

// The format the server announces in ServerInit (BGRX, as many servers do), kept until the client sets its own.
const SERVER_FORMAT: PixelFormat = { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 16, greenShift: 8, blueShift: 0 }

/** Serves `screen` over `stream` until either side closes; resolves then (rejects on a protocol error). */
export async function serveRfb(stream: Duplex, screen: RfbScreen, options: ServeOptions = {}): Promise<void> {
  const reader = new ByteReader(stream)
  const fb = screen.framebuffer
  let format = SERVER_FORMAT
  let encodings = new Set<number>([Encoding.Raw])
  let pending: ScreenChange[] = []
  let waiting = false
  let flushQueued = false

  const onChange = (change: ScreenChange) => {
    pending.push(change)
    if (waiting && !flushQueued) {
      // Coalesce the changes of one tick into one update, as a real server batches them.
      flushQueued = true
      setImmediate(() => {
        flushQueued = false
        try {
          if (waiting) flush()
        } catch (err) {
          stream.destroy(err as Error)
        }
      })
    }
  }

  // Writes pending changes as one FramebufferUpdate. Copies go first and only
  // while no pixel change precedes them: a copy after a change would move
  // pixels the client has not yet received, so it is sent as pixels instead.
  const flush = (full?: Rect) => {
    waiting = false
    const changes = pending
    pending = []
    const parts: Buffer[] = []
    let count = 0
    if (changes.some((c) => c.kind === 'resize')) {
      if (!encodings.has(Encoding.DesktopSize)) throw new Error('the screen was resized and the client does not accept DesktopSize')
      parts.push(rectHeader(0, 0, fb.width, fb.height, Encoding.DesktopSize))
      count++
      full = { x: 0, y: 0, w: fb.width, h: fb.height }
    } else {
      let copying = encodings.has(Encoding.CopyRect)
      for (const c of changes) {
        if (c.kind === 'copy' && copying) {
          const src = Buffer.alloc(4)
          src.writeUInt16BE(c.srcX, 0)
          src.writeUInt16BE(c.srcY, 2)
          parts.push(rectHeader(c.rect.x, c.rect.y, c.rect.w, c.rect.h, Encoding.CopyRect), src)
          count++
        } else if (c.kind !== 'resize') {
          copying = false
          if (!full) {
            parts.push(...rawRect(c.rect))
            count++
          }
        }
      }
    }
    if (full) {
      parts.push(...rawRect(full))
      count++
    }
    const head = Buffer.alloc(4)
    head.writeUInt8(ServerMessage.FramebufferUpdate, 0)
    head.writeUInt16BE(count, 2)
    stream.write(Buffer.concat([head, ...parts]))
  }

  const rawRect = (r: Rect): Buffer[] => {
    const pixels = Buffer.alloc(r.w * r.h * 4)
    for (let row = 0; row < r.h; row++) fb.data.copy(pixels, row * r.w * 4, ((r.y + row) * fb.width + r.x) * 4, ((r.y + row) * fb.width + r.x + r.w) * 4)
    return [rectHeader(r.x, r.y, r.w, r.h, Encoding.Raw), convert(pixels, format)]
  }

  try {
    stream.write(VERSION_3_8)
    const version = (await reader.read(12)).toString('latin1')
    if (version !== VERSION_3_8) throw new Error(`client speaks ${JSON.stringify(version)}; this server speaks only 3.8`)
    const offered = options.securityTypes ?? [Security.None]
    stream.write(Buffer.from([offered.length, ...offered]))
    const chosen = (await reader.read(1))[0]
    if (chosen !== Security.None || !offered.includes(Security.None)) {
      const result = Buffer.alloc(4)
      result.writeUInt32BE(1)
      stream.end(Buffer.concat([result, lengthPrefixed('authentication is not supported by this test server')]))
      return
    }
    stream.write(Buffer.from([0, 0, 0, 0]))
    await reader.read(1) // ClientInit's shared flag: every connection shares the screen
    const init = Buffer.alloc(4)
    init.writeUInt16BE(fb.width, 0)
    init.writeUInt16BE(fb.height, 2)
    stream.write(Buffer.concat([init, encodePixelFormat(format), lengthPrefixed(screen.name)]))
    screen.on('change', onChange)
    for (;;) {
      const type = (await reader.read(1).catch(() => undefined))?.[0]
      if (type === undefined) return // the client went away between messages: a normal end
      if (type === ClientMessage.SetPixelFormat) {
        format = decodePixelFormat((await reader.read(19)).subarray(3))
        if (format.bitsPerPixel !== 32 || !format.trueColour) throw new Error('this server sends only 32-bit true colour')
      } else if (type === ClientMessage.SetEncodings) {
        const n = (await reader.read(3)).readUInt16BE(1)
        const list = await reader.read(4 * n)
        encodings = new Set(Array.from({ length: n }, (_, i) => list.readInt32BE(4 * i)))
      } else if (type === ClientMessage.FramebufferUpdateRequest) {
        const r = await reader.read(9)
        const incremental = r[0] !== 0
        const area = { x: r.readUInt16BE(1), y: r.readUInt16BE(3), w: r.readUInt16BE(5), h: r.readUInt16BE(7) }
        const inside = area.x + area.w <= fb.width && area.y + area.h <= fb.height
        if (!incremental) flush(inside ? area : { x: 0, y: 0, w: fb.width, h: fb.height })
        else if (pending.length > 0) flush()
        else waiting = true
      } else if (type === ClientMessage.KeyEvent) {
        const k = await reader.read(7)
        options.onKey?.(k.readUInt32BE(3), k[0] !== 0)
      } else if (type === ClientMessage.PointerEvent) {
        const p = await reader.read(5)
        options.onPointer?.(p.readUInt16BE(1), p.readUInt16BE(3), p[0])
      } else if (type === ClientMessage.ClientCutText) {
        await reader.read((await reader.read(7)).readUInt32BE(3))
      } else throw new Error(`client sent a message of unknown type ${type}`)
    }
  } finally {
    screen.off('change', onChange)
    reader.detach()
    stream.destroy()
  }
}

// RGBX to the client's 32-bit true-colour format (any shifts, either byte order).
function convert(rgbx: Buffer, pf: PixelFormat): Buffer {
  if (!pf.bigEndian && pf.redShift === 0 && pf.greenShift === 8 && pf.blueShift === 16 && pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255) return rgbx
  const out = Buffer.alloc(rgbx.length)
  for (let i = 0; i < rgbx.length; i += 4) {
    const v = (scale(rgbx[i], pf.redMax) << pf.redShift) | (scale(rgbx[i + 1], pf.greenMax) << pf.greenShift) | (scale(rgbx[i + 2], pf.blueMax) << pf.blueShift)
    if (pf.bigEndian) out.writeUInt32BE(v >>> 0, i)
    else out.writeUInt32LE(v >>> 0, i)
  }
  return out
}

function scale(v: number, max: number): number {
  return max === 255 ? v : Math.round((v * max) / 255)
}
