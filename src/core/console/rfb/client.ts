// An RFB 3.8 (VNC) client for `console vnc`, `console screenshot` and the
// dashboard. Our own rather than a library: rfb2, the one general Node client
// on npm, is unmaintained since 2015 (callbacks, no types, no DesktopSize), the
// TypeScript one seen elsewhere is not published to npm, and noVNC is a browser
// client bound to canvas and WebSocket. QEMU without a password needs only
// security type None, 32-bit true colour and Raw + CopyRect + DesktopSize,
// which is a few hundred lines we can test fully against our own server.
import { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { Framebuffer, type Rect } from '../framebuffer.js'
import { ByteReader, StreamEndedError } from './byte-reader.js'
import { Encoding, keyEvent, pointerEvent, RGBX, Security, SECURITY_NAMES, ServerMessage, setEncodings, setPixelFormat, updateRequest } from './messages.js'

/** Why the protocol could not go on: a clear sentence for the operator. */
export class RfbError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RfbError'
  }
}

/** What the client asks the server to use, best first. */
export const CLIENT_ENCODINGS = [Encoding.CopyRect, Encoding.Raw, Encoding.DesktopSize, Encoding.ExtendedDesktopSize]

/** Events: 'update' (rects changed, after each FramebufferUpdate), 'resize' (w, h), 'bell', 'end' (Error or undefined). */
export interface RfbClientEvents {
  update: [rects: Rect[]]
  resize: [width: number, height: number]
  bell: []
  end: [error: Error | undefined]
}

/** A connected RFB session: the remote screen in `framebuffer`, input through key() and pointer(). */
export class RfbClient extends EventEmitter<RfbClientEvents> {
  readonly framebuffer: Framebuffer
  /** Set once the session has ended, with the reason (undefined when closed by us). */
  ended?: { error?: Error }
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []

  private constructor(
    private readonly stream: Duplex,
    private readonly reader: ByteReader,
    /** The desktop name the server gave (QEMU: the domain's name). */
    readonly name: string,
    width: number,
    height: number,
  ) {
    super()
    this.framebuffer = new Framebuffer(width, height)
  }

  /**
   * Runs the handshake on `stream` (version, security None, ClientInit,
   * ServerInit), sets the pixel format and encodings, asks for the whole
   * screen, and starts reading updates. Each update is followed by an
   * incremental request, so the screen stays current until close().
   */
  static async connect(stream: Duplex, options: { shared?: boolean } = {}): Promise<RfbClient> {
    const reader = new ByteReader(stream)
    try {
      const version = (await reader.read(12)).toString('latin1')
      const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(version)
      if (!m) throw new RfbError(`the display did not answer as an RFB (VNC) server (it sent ${JSON.stringify(version)})`)
      const minor = Number(m[1]) > 3 ? 8 : Number(m[2])
      if (Number(m[1]) < 3 || minor < 3) throw new RfbError(`the display speaks RFB ${m[1]}.${m[2]}, older than 3.3`)
      // 3.3, 3.7 and 3.8 are what servers offer (3.5 is a 3.3 in practice); we speak the newest both know.
      const speak = minor >= 8 ? 8 : minor >= 7 ? 7 : 3
      stream.write(`RFB 003.00${speak}\n`)
      await negotiateSecurity(reader, stream, speak)
      stream.write(Buffer.from([options.shared === false ? 0 : 1]))
      const init = await reader.read(24)
      const name = (await reader.read(init.readUInt32BE(20))).toString('utf8')
      const client = new RfbClient(stream, reader, name, init.readUInt16BE(0), init.readUInt16BE(2))
      stream.write(setPixelFormat(RGBX))
      stream.write(setEncodings(CLIENT_ENCODINGS))
      client.request(false)
      void client.loop()
      return client
    } catch (err) {
      reader.detach()
      stream.destroy()
      throw asRfbError(err, 'during the handshake')
    }
  }

  /** Resolves after the next FramebufferUpdate has been applied; rejects if the session ends first. */
  nextUpdate(): Promise<void> {
    if (this.ended) return Promise.reject(this.ended.error ?? new RfbError('the session is closed'))
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  /** Resolves once every pixel of the screen has been received (a whole screen for a screenshot). */
  async wholeScreen(): Promise<Framebuffer> {
    while (!this.framebuffer.complete) await this.nextUpdate()
    return this.framebuffer
  }

  /** Asks for the screen again; non-incremental asks for every pixel, not only changes. */
  request(incremental: boolean): void {
    this.send(updateRequest(incremental, 0, 0, this.framebuffer.width, this.framebuffer.height))
  }

  /** Presses (down) or releases an X keysym. */
  key(keysym: number, down: boolean): void {
    this.send(keyEvent(keysym, down))
  }

  /** Moves the pointer to (x, y) with `buttons` held (RFB's button mask). */
  pointer(x: number, y: number, buttons: number): void {
    const px = Math.max(0, Math.min(this.framebuffer.width - 1, Math.round(x)))
    const py = Math.max(0, Math.min(this.framebuffer.height - 1, Math.round(y)))
    this.send(pointerEvent(buttons, px, py))
  }

  /** Ends the session (the stream is destroyed). */
  close(): void {
    this.finish(undefined)
  }

  private send(message: Buffer): void {
    if (!this.ended && this.stream.writable) this.stream.write(message)
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const type = (await this.reader.read(1).catch((err: unknown) => {
          // Between messages: the display went away, not a torn message.
          throw err instanceof StreamEndedError ? new RfbError('the display closed the connection (the guest stopped or rebooted, or the connection to its host dropped)', { cause: err }) : err
        }))[0]
        if (type === ServerMessage.FramebufferUpdate) await this.readUpdate()
        else if (type === ServerMessage.SetColourMapEntries) {
          // Only sent for colour-mapped formats, which we never ask for: read past it.
          const head = await this.reader.read(5)
          await this.reader.read(head.readUInt16BE(3) * 6)
        } else if (type === ServerMessage.Bell) this.emit('bell')
        else if (type === ServerMessage.ServerCutText) {
          const head = await this.reader.read(7)
          await this.reader.read(head.readUInt32BE(3))
        } else throw new RfbError(`the display sent a message of unknown type ${type}`)
      }
    } catch (err) {
      this.finish(this.ended ? undefined : asRfbError(err, 'while reading the screen'))
    }
  }

  private async readUpdate(): Promise<void> {
    const head = await this.reader.read(3)
    const count = head.readUInt16BE(1)
    const fb = this.framebuffer
    const rects: Rect[] = []
    let resized = false
    for (let i = 0; i < count; i++) {
      const h = await this.reader.read(12)
      const r = { x: h.readUInt16BE(0), y: h.readUInt16BE(2), w: h.readUInt16BE(4), h: h.readUInt16BE(6) }
      const encoding = h.readInt32BE(8)
      if (encoding === Encoding.Raw) {
        fb.putPixels(r, await this.reader.read(r.w * r.h * 4))
        rects.push(r)
      } else if (encoding === Encoding.CopyRect) {
        const src = await this.reader.read(4)
        fb.copyRect(src.readUInt16BE(0), src.readUInt16BE(2), r)
        rects.push(r)
      } else if (encoding === Encoding.DesktopSize || encoding === Encoding.ExtendedDesktopSize) {
        if (encoding === Encoding.ExtendedDesktopSize) {
          const screens = await this.reader.read(4)
          await this.reader.read(screens.readUInt8(0) * 16)
          // y carries the status of a size the client asked for; we never ask, so any size is the server's own.
        }
        // QEMU also answers a full-screen request with the size it already has: only a new size clears the screen.
        if (r.w !== fb.width || r.h !== fb.height) {
          fb.resize(r.w, r.h)
          resized = true
          rects.push({ x: 0, y: 0, w: r.w, h: r.h })
          this.emit('resize', r.w, r.h)
        }
      } else {
        throw new RfbError(`the display sent a rectangle in encoding ${encoding}, which homenova did not ask for`)
      }
    }
    // After a resize every pixel is new: ask for all of them, as noVNC does.
    this.request(!resized)
    this.emit('update', rects)
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w.resolve()
  }

  private finish(error: Error | undefined): void {
    if (this.ended) return
    this.ended = { error }
    this.reader.detach()
    this.stream.destroy()
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w.reject(error ?? new RfbError('the session is closed'))
    this.emit('end', error)
  }
}

// RFC 6143 7.1.2 and 7.1.3; 3.3 lets the server choose, 3.7 has no result for None.
async function negotiateSecurity(reader: ByteReader, stream: Duplex, minor: number): Promise<void> {
  if (minor === 3) {
    const type = (await reader.read(4)).readUInt32BE(0)
    if (type === Security.Invalid) throw new RfbError(`the display refused the connection: ${await reason(reader)}`)
    if (type !== Security.None) throw refusedSecurity([type])
    return
  }
  const count = (await reader.read(1))[0]
  if (count === 0) throw new RfbError(`the display refused the connection: ${await reason(reader)}`)
  const types = [...(await reader.read(count))]
  if (!types.includes(Security.None)) throw refusedSecurity(types)
  stream.write(Buffer.from([Security.None]))
  if (minor === 7) return
  const result = (await reader.read(4)).readUInt32BE(0)
  if (result !== 0) throw new RfbError(`the display refused the connection: ${await reason(reader)}`)
}

async function reason(reader: ByteReader): Promise<string> {
  return (await reader.read((await reader.read(4)).readUInt32BE(0))).toString('utf8')
}

function refusedSecurity(types: number[]): RfbError {
  const names = types.map((t) => SECURITY_NAMES[t] ?? `type ${t}`).join(', ')
  return new RfbError(`the display asks for ${names}; homenova connects only to displays without a password (security type None, as libvirt sets up QEMU's VNC on the host's loopback)`)
}

function asRfbError(err: unknown, when: string): Error {
  if (err instanceof RfbError) return err
  if (err instanceof StreamEndedError) return new RfbError(`The display closed the connection ${when}: ${err.message}`, { cause: err })
  if (err instanceof Error) return new RfbError(`VNC ${when}: ${err.message}`, { cause: err })
  return new RfbError(`VNC ${when}: ${String(err)}`)
}
