// The RFB client against the in-process server and against hand-written byte
// streams: a screen arrives whole however the bytes are cut, CopyRect and
// resizes land where they should, and a server that misbehaves or vanishes
// ends the session with a sentence an operator can read.
import { Duplex, PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { RfbClient } from '../../src/core/console/rfb/client.js'
import { duplexPair } from '../../src/core/console/rfb/duplex-pair.js'
import { Encoding, lengthPrefixed, rectHeader, Security } from '../../src/core/console/rfb/messages.js'
import { RfbScreen, serveRfb, type ServeOptions } from '../../src/core/console/rfb/server.js'

const open: RfbClient[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

/** A screen with a gradient, served to a client through a pair whose client end sees bytes in `chunk`-sized pieces. */
async function connected(screen: RfbScreen, options: ServeOptions & { chunk?: number } = {}) {
  const [clientEnd, serverEnd] = duplexPair()
  const served = serveRfb(serverEnd, screen, options)
  const client = await RfbClient.connect(options.chunk ? rechunk(clientEnd, options.chunk) : clientEnd)
  open.push(client)
  return { client, served }
}

/** The same stream, but what it reads arrives `size` bytes at a time. */
function rechunk(inner: Duplex, size: number): Duplex {
  const out = new PassThrough()
  inner.on('data', (d: Buffer) => {
    for (let i = 0; i < d.length; i += size) out.write(d.subarray(i, i + size))
  })
  inner.on('end', () => out.end())
  return Duplex.from({ readable: out, writable: inner })
}

function gradient(w: number, h: number): RfbScreen {
  const screen = new RfbScreen('test screen', w, h)
  const px = Buffer.alloc(w * h * 4)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([x & 0xff, y & 0xff, (x + y) & 0xff, 0], (y * w + x) * 4)
  screen.put({ x: 0, y: 0, w, h }, px)
  return screen
}

const pixel = (c: RfbClient, x: number, y: number) => [...c.framebuffer.data.subarray((y * c.framebuffer.width + x) * 4, (y * c.framebuffer.width + x) * 4 + 3)]

describe('RfbClient', () => {
  it('reads the desktop name, size and every pixel, converting from the server format', async () => {
    const screen = gradient(64, 40)
    const { client } = await connected(screen)
    expect(client.name).toBe('test screen')
    const fb = await client.wholeScreen()
    expect([fb.width, fb.height]).toEqual([64, 40])
    expect(fb.data.equals(screen.framebuffer.data)).toBe(true)
  })

  it('assembles messages split into 1-byte and 7-byte pieces', async () => {
    for (const chunk of [1, 7]) {
      const screen = gradient(33, 17)
      const { client } = await connected(screen, { chunk })
      await client.wholeScreen()
      expect(pixel(client, 32, 16)).toEqual([32, 16, 48])
      screen.fill({ x: 5, y: 6, w: 3, h: 2 }, [200, 100, 50])
      await client.nextUpdate()
      expect(pixel(client, 7, 7)).toEqual([200, 100, 50])
    }
  })

  it('follows incremental updates, reporting only the changed rectangles', async () => {
    const screen = gradient(50, 50)
    const { client } = await connected(screen)
    await client.wholeScreen()
    client.framebuffer.takeDirty()
    const seen = new Promise<unknown>((resolve) => client.once('update', resolve))
    screen.fill({ x: 10, y: 20, w: 4, h: 4 }, [1, 2, 3])
    expect(await seen).toEqual([{ x: 10, y: 20, w: 4, h: 4 }])
    expect(client.framebuffer.takeDirty()).toEqual([{ x: 10, y: 20, w: 4, h: 4 }])
    expect(pixel(client, 13, 23)).toEqual([1, 2, 3])
  })

  it('applies CopyRect, overlapping its source, as the server moved the pixels', async () => {
    const screen = gradient(40, 40)
    const { client } = await connected(screen)
    await client.wholeScreen()
    screen.copy(0, 0, { x: 5, y: 3, w: 30, h: 30 }) // overlapping: a scroll down and right
    await client.nextUpdate()
    expect(client.framebuffer.data.equals(screen.framebuffer.data)).toBe(true)
    expect(pixel(client, 5, 3)).toEqual([0, 0, 0])
    expect(pixel(client, 34, 32)).toEqual([29, 29, 58])
  })

  it('sends a copy that follows a pixel change as pixels, so the client never moves stale pixels', async () => {
    const screen = gradient(30, 30)
    const { client } = await connected(screen)
    await client.wholeScreen()
    screen.fill({ x: 0, y: 0, w: 10, h: 10 }, [9, 9, 9])
    screen.copy(0, 0, { x: 20, y: 20, w: 10, h: 10 })
    await client.nextUpdate()
    expect(client.framebuffer.data.equals(screen.framebuffer.data)).toBe(true)
  })

  it('takes a new size (DesktopSize) and the whole new screen', async () => {
    const screen = gradient(20, 10)
    const { client } = await connected(screen)
    await client.wholeScreen()
    const resized = new Promise<number[]>((resolve) => client.once('resize', (w, h) => resolve([w, h])))
    screen.resize(48, 30)
    screen.fill({ x: 0, y: 0, w: 48, h: 30 }, [7, 8, 9])
    expect(await resized).toEqual([48, 30])
    const fb = await client.wholeScreen()
    expect([fb.width, fb.height]).toEqual([48, 30])
    expect(pixel(client, 47, 29)).toEqual([7, 8, 9])
  })

  it('keeps the screen when the server repeats its size, as QEMU does with every full-screen update', async () => {
    const [clientEnd, serverEnd] = duplexPair()
    const requests: number[] = []
    serverEnd.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 3 && d.length - i >= 10) requests.push(d[i + 1])
    })
    serverEnd.write(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1, 0, 0, 0, 0]), Buffer.from([0, 2, 0, 1]), Buffer.alloc(16), lengthPrefixed('q')]))
    const client = await RfbClient.connect(clientEnd)
    open.push(client)
    let resizes = 0
    client.on('resize', () => resizes++)
    const screens = Buffer.alloc(4)
    screens.writeUInt8(1, 0)
    // ExtendedDesktopSize at the current size with its one screen, then the two pixels.
    serverEnd.write(Buffer.concat([Buffer.from([0, 0, 0, 2]), rectHeader(0, 0, 2, 1, Encoding.ExtendedDesktopSize), screens, Buffer.alloc(16), rectHeader(0, 0, 2, 1, Encoding.Raw), Buffer.from([9, 8, 7, 0, 6, 5, 4, 0])]))
    await client.wholeScreen()
    expect(pixel(client, 1, 0)).toEqual([6, 5, 4])
    expect(resizes).toBe(0)
    await new Promise((r) => setTimeout(r, 20))
    expect(requests).toEqual([0, 1]) // the first full request, then only incremental ones: no loop
  })

  it('sends keys and pointer moves as RFB events', async () => {
    const events: unknown[] = []
    const screen = gradient(100, 100)
    const { client } = await connected(screen, { onKey: (k, down) => events.push(['key', k, down]), onPointer: (x, y, b) => events.push(['pointer', x, y, b]) })
    client.key(0xff0d, true)
    client.key(0xff0d, false)
    client.pointer(150, -3, 1) // outside the screen: clamped to it
    await client.wholeScreen()
    await new Promise((r) => setTimeout(r, 20))
    expect(events).toEqual([['key', 0xff0d, true], ['key', 0xff0d, false], ['pointer', 99, 0, 1]])
  })

  it('refuses a display that wants a password, naming what it asked for', async () => {
    const [clientEnd, serverEnd] = duplexPair()
    void serveRfb(serverEnd, gradient(4, 4), { securityTypes: [Security.VncAuthentication] }).catch(() => undefined)
    await expect(RfbClient.connect(clientEnd)).rejects.toThrow(/display asks for VNC authentication; homenova connects only to displays without a password/)
  })

  it('says so when the other end is not an RFB server', async () => {
    const [clientEnd, serverEnd] = duplexPair()
    serverEnd.end('SSH-2.0-OpenSSH_9.2\r\n')
    await expect(RfbClient.connect(clientEnd)).rejects.toThrow(/did not answer as an RFB \(VNC\) server/)
  })

  it('ends with a clear error when the server closes in the middle of a rectangle', async () => {
    const [clientEnd, serverEnd] = duplexPair()
    const header = Buffer.alloc(4)
    header.writeUInt16BE(8, 0)
    header.writeUInt16BE(8, 2)
    const pf = Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0])
    serverEnd.write('RFB 003.008\n')
    serverEnd.write(Buffer.from([1, Security.None]))
    serverEnd.write(Buffer.from([0, 0, 0, 0]))
    serverEnd.write(Buffer.concat([header, pf, lengthPrefixed('half')]))
    const client = await RfbClient.connect(clientEnd)
    open.push(client)
    const ended = new Promise<Error | undefined>((resolve) => client.once('end', resolve))
    // An update announcing one 8x8 raw rectangle (256 bytes), of which only 100 arrive.
    serverEnd.write(Buffer.concat([Buffer.from([0, 0, 0, 1]), rectHeader(0, 0, 8, 8, Encoding.Raw), Buffer.alloc(100)]))
    serverEnd.end()
    const err = await ended
    expect(err?.message).toMatch(/^The display closed the connection while reading the screen: the connection closed in the middle of a message \(100 of 256 bytes received\)/)
    await expect(client.nextUpdate()).rejects.toThrow(/closed the connection/)
  })

  it('refuses a rectangle outside the screen and an encoding it did not ask for', async () => {
    for (const [rect, expected] of [
      [rectHeader(6, 6, 4, 4, Encoding.Raw), /rectangle 4x4 at 6,6 lies outside the 8x8 screen/],
      [rectHeader(0, 0, 1, 1, 16), /encoding 16, which homenova did not ask for/],
    ] as const) {
      const [clientEnd, serverEnd] = duplexPair()
      const header = Buffer.from([0, 8, 0, 8])
      serverEnd.write(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1, 0, 0, 0, 0]), header, Buffer.alloc(16), lengthPrefixed('x')]))
      const client = await RfbClient.connect(clientEnd)
      const ended = new Promise<Error | undefined>((resolve) => client.once('end', resolve))
      serverEnd.write(Buffer.concat([Buffer.from([0, 0, 0, 1]), rect, Buffer.alloc(64)]))
      expect((await ended)?.message).toMatch(expected)
    }
  })

  it('speaks RFB 3.3 to an old server that chooses security itself', async () => {
    const [clientEnd, serverEnd] = duplexPair()
    let said = ''
    serverEnd.on('data', (d: Buffer) => (said += d.toString('latin1')))
    serverEnd.write('RFB 003.003\n')
    serverEnd.write(Buffer.from([0, 0, 0, 1]))
    serverEnd.write(Buffer.concat([Buffer.from([0, 2, 0, 1]), Buffer.alloc(16), lengthPrefixed('old')]))
    const client = await RfbClient.connect(clientEnd)
    open.push(client)
    expect(client.name).toBe('old')
    expect(said.startsWith('RFB 003.003\n\x01')).toBe(true)
  })

  it('ends quietly on close() and tells the server', async () => {
    const { client, served } = await connected(gradient(8, 8))
    await client.wholeScreen()
    client.close()
    await expect(served).resolves.toBeUndefined()
    expect(client.ended).toEqual({ error: undefined })
  })
})
