// The half-block renderer as a terminal shows it: its output is fed to a
// terminal emulator (@xterm/headless) and the colours of the cells read back.
import xterm from '@xterm/headless'
import { describe, expect, it } from 'vitest'
import { CellRenderer, cellToPixel, fitCells } from '../../src/cli/vnc-cells.js'
import { Framebuffer } from '../../src/core/console/framebuffer.js'

const { Terminal } = xterm

async function show(term: InstanceType<typeof Terminal>, data: string): Promise<void> {
  await new Promise<void>((resolve) => term.write(data, resolve))
}

/** [upper, lower] colours of a cell as 0xRRGGBB, read from the emulator. */
function cell(term: InstanceType<typeof Terminal>, col: number, row: number): [number, number] {
  const c = term.buffer.active.getLine(row)!.getCell(col)!
  const bg = c.isBgRGB() ? c.getBgColor() : -1
  if (c.getChars() === ' ') return [bg, bg]
  expect(c.getChars()).toBe('▀')
  return [c.isFgRGB() ? c.getFgColor() : -1, bg]
}

describe('half-block cells', () => {
  it('fits the screen into the area keeping its shape, centred', () => {
    // 720x400 into 160x47: limited by the width, 160x89 half-cells = 45 rows, 1 row margin above.
    expect(fitCells(720, 400, 160, 47)).toMatchObject({ width: 160, height: 45, left: 0, top: 1 })
    // A tall screen in a wide terminal is centred horizontally.
    expect(fitCells(400, 800, 100, 20)).toMatchObject({ width: 20, height: 20, left: 40, top: 0 })
    const l = fitCells(720, 400, 160, 47)
    expect(cellToPixel(l, 0, 0, { width: 720, height: 400 })).toBeUndefined() // the margin row
    expect(cellToPixel(l, 80, 1, { width: 720, height: 400 })).toEqual({ x: 362, y: 4 })
  })

  it('draws each cell with the upper pixel as foreground and the lower as background, averaging', async () => {
    const fb = new Framebuffer(4, 4)
    fb.fill({ x: 0, y: 0, w: 4, h: 2 }, [255, 0, 0]) // top half red
    fb.fill({ x: 0, y: 2, w: 4, h: 2 }, [0, 0, 255]) // bottom half blue
    fb.fill({ x: 2, y: 0, w: 2, h: 1 }, [0, 255, 0]) // one green line in the top right
    const term = new Terminal({ cols: 2, rows: 1, allowProposedApi: true })
    const r = new CellRenderer(4, 4, 2, 1)
    await show(term, r.render(fb))
    expect(cell(term, 0, 0)).toEqual([0xff0000, 0x0000ff])
    expect(cell(term, 1, 0)).toEqual([0x808000, 0x0000ff]) // green and red lines averaged
  })

  it('writes only the cells whose colours changed, nothing when nothing visible did', async () => {
    const fb = new Framebuffer(160, 96)
    fb.fill({ x: 0, y: 0, w: 160, h: 96 }, [10, 20, 30])
    const r = new CellRenderer(160, 96, 160, 48)
    const first = r.render(fb)
    expect(first.length).toBeGreaterThan(160 * 48)
    fb.fill({ x: 40, y: 10, w: 2, h: 2 }, [200, 200, 200])
    const change = r.render(fb, [{ x: 40, y: 10, w: 2, h: 2 }])
    expect(change.match(/\x1b\[\d+;\d+H/g)).toEqual(['\x1b[6;41H']) // one jump, then the two cells in a row
    expect(change.split(' ').length - 1).toBe(2)
    expect(r.render(fb, [{ x: 0, y: 0, w: 160, h: 96 }])).toBe('')
    const term = new Terminal({ cols: 160, rows: 48, allowProposedApi: true })
    await show(term, first + change)
    expect(cell(term, 40, 5)).toEqual([0xc8c8c8, 0xc8c8c8])
    expect(cell(term, 42, 5)).toEqual([0x0a141e, 0x0a141e])
  })

  it('draws everything again after a reset (a new terminal or screen size)', () => {
    const fb = new Framebuffer(8, 8)
    const r = new CellRenderer(8, 8, 8, 4)
    r.render(fb)
    expect(r.render(fb)).toBe('')
    r.reset(8, 8, 4, 2)
    expect(r.render(fb).match(/\x1b\[\d+;\d+H/g)).toHaveLength(2) // one per row of the new layout
  })
})
