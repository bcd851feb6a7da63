// A screenshot: connect, wait until every pixel of the screen has arrived,
// encode it as PNG (pngjs, pure JavaScript, loaded only here).
import type { Duplex } from 'node:stream'
import type { Framebuffer } from '../framebuffer.js'
import { RfbClient, RfbError } from './client.js'

/** The whole screen behind an RFB stream; fails with RfbError if it does not arrive within `timeoutMs`. */
export async function captureScreen(stream: Duplex, timeoutMs = 20_000): Promise<{ name: string; framebuffer: Framebuffer }> {
  const client = await RfbClient.connect(stream)
  let timer: NodeJS.Timeout | undefined
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RfbError(`the display did not send its whole screen within ${timeoutMs / 1000} s`)), timeoutMs)
    })
    return { name: client.name, framebuffer: await Promise.race([client.wholeScreen(), late]) }
  } finally {
    clearTimeout(timer)
    client.close()
  }
}

/** The framebuffer as a PNG file's bytes (RGB, 8 bits per channel). */
export async function encodePng(fb: Framebuffer): Promise<Buffer> {
  const { default: pngjs } = await import('pngjs')
  const png = new pngjs.PNG({ width: fb.width, height: fb.height, colorType: 2, inputColorType: 6, inputHasAlpha: true })
  png.data = fb.toRgba()
  return pngjs.PNG.sync.write(png, { colorType: 2, inputColorType: 6, inputHasAlpha: true })
}
