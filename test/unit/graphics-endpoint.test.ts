import { describe, expect, it } from 'vitest'
import { parseGraphics } from '../../src/hypervisor/libvirt/graphics.js'

const live = (graphics: string) => `<domain type='qemu'><name>instance-1</name><devices><serial type='pty'/>${graphics}</devices></domain>`

describe('parseGraphics (the live domain XML)', () => {
  it('reads the port libvirt picked for VNC and its listen address', () => {
    const xml = live(`<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>`)
    expect(parseGraphics(xml)).toEqual({ protocol: 'vnc', address: '127.0.0.1', port: 5901 })
  })

  it('reads SPICE, and the listen element when there is no attribute', () => {
    const xml = live(`<graphics type='spice' port='5930' autoport='yes'><listen type='address' address='::1'/></graphics>`)
    expect(parseGraphics(xml)).toEqual({ protocol: 'spice', address: '::1', port: 5930 })
  })

  it('skips a display that has no port yet (an inactive definition says -1) and other kinds', () => {
    expect(parseGraphics(live(`<graphics type='vnc' port='-1' autoport='yes'/>`))).toBeUndefined()
    expect(parseGraphics(live(`<graphics type='sdl'/><graphics type='vnc' port='5902' listen='127.0.0.1'/>`))).toEqual({ protocol: 'vnc', address: '127.0.0.1', port: 5902 })
    expect(parseGraphics(live(''))).toBeUndefined()
  })
})
