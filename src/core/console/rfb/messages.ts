// The RFB 3.8 protocol's numbers and message layouts (RFC 6143), shared by the
// client and the small server (tests and the fake driver's display). All
// multi-byte numbers on the wire are big-endian.

/** Message types a client sends (RFC 6143 7.5). */
export const ClientMessage = { SetPixelFormat: 0, SetEncodings: 2, FramebufferUpdateRequest: 3, KeyEvent: 4, PointerEvent: 5, ClientCutText: 6 } as const

/** Message types a server sends (RFC 6143 7.6). */
export const ServerMessage = { FramebufferUpdate: 0, SetColourMapEntries: 1, Bell: 2, ServerCutText: 3 } as const

/** Encodings (RFC 6143 7.7) and the pseudo-encodings homenova understands. */
export const Encoding = { Raw: 0, CopyRect: 1, DesktopSize: -223, ExtendedDesktopSize: -308 } as const

/** Security types (RFC 6143 7.1.2). */
export const Security = { Invalid: 0, None: 1, VncAuthentication: 2 } as const

/** Names of well-known security types, for error messages. */
export const SECURITY_NAMES: Record<number, string> = { 1: 'None', 2: 'VNC authentication', 5: 'RA2', 16: 'Tight', 18: 'TLS', 19: 'VeNCrypt', 22: 'XVP', 30: 'Apple ARD' }

/** RFC 6143 7.4: how a pixel is laid out on the wire. */
export interface PixelFormat {
  bitsPerPixel: number
  depth: number
  bigEndian: boolean
  trueColour: boolean
  redMax: number
  greenMax: number
  blueMax: number
  redShift: number
  greenShift: number
  blueShift: number
}

/**
 * What the client asks for: 32-bit true colour, little-endian, red in the low
 * byte, so a pixel's bytes are R, G, B, unused, exactly the framebuffer's
 * layout: Raw rectangles are copied without conversion.
 */
export const RGBX: PixelFormat = { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 0, greenShift: 8, blueShift: 16 }

/** The protocol version line both sides send first. */
export const VERSION_3_8 = 'RFB 003.008\n'

/** The 16 bytes of a pixel format. */
export function encodePixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt8(pf.bitsPerPixel, 0)
  b.writeUInt8(pf.depth, 1)
  b.writeUInt8(pf.bigEndian ? 1 : 0, 2)
  b.writeUInt8(pf.trueColour ? 1 : 0, 3)
  b.writeUInt16BE(pf.redMax, 4)
  b.writeUInt16BE(pf.greenMax, 6)
  b.writeUInt16BE(pf.blueMax, 8)
  b.writeUInt8(pf.redShift, 10)
  b.writeUInt8(pf.greenShift, 11)
  b.writeUInt8(pf.blueShift, 12)
  return b
}

/** Reads a pixel format from its 16 bytes. */
export function decodePixelFormat(b: Buffer): PixelFormat {
  return {
    bitsPerPixel: b.readUInt8(0),
    depth: b.readUInt8(1),
    bigEndian: b.readUInt8(2) !== 0,
    trueColour: b.readUInt8(3) !== 0,
    redMax: b.readUInt16BE(4),
    greenMax: b.readUInt16BE(6),
    blueMax: b.readUInt16BE(8),
    redShift: b.readUInt8(10),
    greenShift: b.readUInt8(11),
    blueShift: b.readUInt8(12),
  }
}

/** SetPixelFormat. */
export function setPixelFormat(pf: PixelFormat): Buffer {
  return Buffer.concat([Buffer.from([ClientMessage.SetPixelFormat, 0, 0, 0]), encodePixelFormat(pf)])
}

/** SetEncodings, in the client's order of preference. */
export function setEncodings(encodings: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * encodings.length)
  b.writeUInt8(ClientMessage.SetEncodings, 0)
  b.writeUInt16BE(encodings.length, 2)
  encodings.forEach((e, i) => b.writeInt32BE(e, 4 + 4 * i))
  return b
}

/** FramebufferUpdateRequest: incremental asks only for what changed since the last update. */
export function updateRequest(incremental: boolean, x: number, y: number, w: number, h: number): Buffer {
  const b = Buffer.alloc(10)
  b.writeUInt8(ClientMessage.FramebufferUpdateRequest, 0)
  b.writeUInt8(incremental ? 1 : 0, 1)
  b.writeUInt16BE(x, 2)
  b.writeUInt16BE(y, 4)
  b.writeUInt16BE(w, 6)
  b.writeUInt16BE(h, 8)
  return b
}

/** KeyEvent: an X keysym pressed (down) or released. */
export function keyEvent(keysym: number, down: boolean): Buffer {
  const b = Buffer.alloc(8)
  b.writeUInt8(ClientMessage.KeyEvent, 0)
  b.writeUInt8(down ? 1 : 0, 1)
  b.writeUInt32BE(keysym >>> 0, 4)
  return b
}

/** PointerEvent: bit n of `buttons` is button n+1 (1 left, 2 middle, 4 right, 8/16 wheel up/down). */
export function pointerEvent(buttons: number, x: number, y: number): Buffer {
  const b = Buffer.alloc(6)
  b.writeUInt8(ClientMessage.PointerEvent, 0)
  b.writeUInt8(buttons & 0xff, 1)
  b.writeUInt16BE(x, 2)
  b.writeUInt16BE(y, 4)
  return b
}

/** The header of one rectangle in a FramebufferUpdate. */
export function rectHeader(x: number, y: number, w: number, h: number, encoding: number): Buffer {
  const b = Buffer.alloc(12)
  b.writeUInt16BE(x, 0)
  b.writeUInt16BE(y, 2)
  b.writeUInt16BE(w, 4)
  b.writeUInt16BE(h, 6)
  b.writeInt32BE(encoding, 8)
  return b
}

/** A u32 length followed by that many bytes of text (reasons, the desktop name). */
export function lengthPrefixed(text: string): Buffer {
  const body = Buffer.from(text, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  return Buffer.concat([len, body])
}
