// The simulated guest screen of the fake driver, seen through the RFB client:
// its log in the built-in font, a prompt that takes keys, and a log that
// scrolls (a CopyRect) once the screen is full.
import { describe, expect, it } from 'vitest'
import { RfbClient } from '../../src/core/console/rfb/client.js'
import { FakeDisplay } from '../../src/hypervisor/fake/fake-display.js'

const row = (data: Buffer, y: number) => data.subarray(y * 640 * 4, (y + 1) * 640 * 4)
const inked = (data: Buffer, y0: number, y1: number) => {
  let n = 0
  for (let i = y0 * 640 * 4; i < y1 * 640 * 4; i += 4) if (data[i] > 150) n++
  return n
}

describe('the fake driver display', () => {
  it('shows the log from the top, and the prompt with what is typed', async () => {
    const display = new FakeDisplay('instance-1 on sim1', 'first line\nsecond line', 'web-1 login: ')
    const client = await RfbClient.connect(display.connect())
    const fb = await client.wholeScreen()
    expect(client.name).toBe('instance-1 on sim1')
    expect(inked(fb.data, 16, 48)).toBeGreaterThan(50) // two log rows with text
    expect(inked(fb.data, 48, 64)).toBe(0) // nothing on the third
    const prompt = inked(fb.data, 384, 400)
    for (const k of [0x41, 0x42, 0x43]) client.key(k, true)
    await client.nextUpdate()
    while (inked(client.framebuffer.data, 384, 400) === prompt) await client.nextUpdate()
    expect(inked(client.framebuffer.data, 384, 400)).toBeGreaterThan(prompt)
    client.close()
  })

  it('scrolls a full log up a row with CopyRect when Enter adds lines', async () => {
    const log = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n')
    const display = new FakeDisplay('x', log, 'login: ')
    const client = await RfbClient.connect(display.connect())
    const before = Buffer.from((await client.wholeScreen()).data)
    client.key(0xff0d, true) // Enter: two lines more, the log moves up two rows
    await client.nextUpdate()
    while (!client.framebuffer.data.equals(display.screen.framebuffer.data)) await client.nextUpdate()
    // What was on log row 3 is now on log row 1.
    for (let y = 0; y < 16; y++) expect(row(client.framebuffer.data, 16 + y).equals(row(before, 48 + y))).toBe(true)
    client.close()
  })
})
