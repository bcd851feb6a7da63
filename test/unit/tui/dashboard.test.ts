// The dashboard's screens over a real control plane on fake hosts, rendered
// through the harness at 80x24: what an operator sees and what each key does.
import chalk from 'chalk'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from '../../helpers/harness.js'
import { KEY, renderDashboard, type Rendered } from './harness.js'

let h: Harness
const open: Rendered[] = []
afterEach(() => {
  for (const r of open.splice(0)) r.close()
})

async function dashboard(options: Parameters<typeof renderDashboard>[1] = {}): Promise<Rendered> {
  const r = await renderDashboard(h.services, options)
  open.push(r)
  return r
}

beforeAll(async () => {
  h = await harness([['sim1'], ['sim2']])
  const { handle } = await h.services.compute.createServers({ name: 'web', flavor: 'm1.small', image: 'tiny', placement: { hints: {}, max: 3 } })
  await handle.wait()
  const db = await h.services.compute.createServers({ name: 'db', flavor: 'm1.medium', image: 'tiny' })
  await db.handle.wait()
})

describe('the servers view', () => {
  it('shows the header, every server with its status, and the footer keys at 80x24', async () => {
    const d = await dashboard()
    const frame = await d.waitFor('servers (4)')
    const lines = frame.split('\n')
    expect(lines[0]).toMatch(/^homenova .*hosts 2\/2 up {2}4 servers {2}tasks 0 running 0 queued/)
    expect(lines[1]).toMatch(/vCPU .* 5\/256 {2}RAM .* GiB {2}Disk/)
    // Sorted by name: db before web-1 although it was created after.
    expect(frame).toMatch(/> db +ACTIVE +sim\d +m1\.medium +tiny/)
    expect(frame).toMatch(/ {2}web-1 +ACTIVE +sim\d +m1\.small +tiny/)
    expect(frame).toMatch(/ {2}NAME↑ +STATUS /)
    expect(lines.every((l) => l.length <= 80)).toBe(true)
    expect(lines).toHaveLength(23) // the terminal's height less the line ink needs
    expect(lines.at(-1)).toContain('<:> view')
  })

  it('colours each cell by its tone, leaves the cursor row inverse and uncoloured, and draws no colour with NO_COLOR', async () => {
    const level = chalk.level
    chalk.level = 1 // 16 colours, as ink would find on such a terminal (here stdout is no terminal)
    try {
      const d = await dashboard()
      await d.waitFor('servers (4)')
      const line = (name: string) => d.raw().split('\n').find((l) => l.replace(/\x1b\[[0-9;]*m/g, '').includes(` ${name} `)) ?? ''
      expect(line('web-1')).toMatch(/\x1b\[32mACTIVE +\x1b\[39m/) // ok: green
      expect(line('web-1')).toMatch(/\x1b\[90m +\d+[smhd]\x1b\[39m$/) // the age: dim grey
      expect(line('db')).toMatch(/^\x1b\[7m> db +ACTIVE/) // the cursor row: inverse, no colour inside
      expect(line('db')).not.toContain('\x1b[32m')
      const plain = await dashboard({ env: { NO_COLOR: '1' } })
      await plain.waitFor('servers (4)')
      expect(plain.raw().split('\n').find((l) => l.includes(' web-1 '))).not.toMatch(/\x1b\[3\d|\x1b\[9\d/)
    } finally {
      chalk.level = level
    }
  })

  it('moves the cursor with j/k and keeps it on its server when rows change', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press('j', 'j')
    await d.waitFor(/> web-2/)
    await d.press('k')
    await d.waitFor(/> web-1/)
  })

  it('filters by substring and by field, and Esc clears the filter', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press('/', 'd', 'b', KEY.enter)
    let frame = await d.waitFor('servers (1 of 4)  /db')
    expect(frame).not.toContain('web-1')
    await d.press('/', KEY.backspace, KEY.backspace, ...'flavor=m1.small', KEY.enter)
    frame = await d.waitFor('servers (3 of 4)  /flavor=m1.small')
    expect(frame).not.toMatch(/ db /)
    await d.press(KEY.escape)
    await d.waitFor('servers (4)')
  })

  it('opens a detail pane with every field and recent events, and Esc backs out', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press('j', KEY.enter)
    const frame = await d.waitFor('Server web-1')
    expect(frame).toMatch(/status +ACTIVE/)
    expect(frame).toMatch(/flavor +m1\.small \(1 vCPU, 2048 MB RAM, 20 GB disk\)/)
    // The events are below the fields: scroll to them.
    for (let i = 0; i < 30; i++) await d.press('j')
    await d.waitFor(/Recent events \(newest first\)[^]*create Success/)
    await d.press(KEY.escape)
    await d.waitFor('servers (4)')
  })
})

describe('switching views', () => {
  it('goes to a view by a short name with : and completes with Tab', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press(':', 'h', 'o')
    await d.waitFor(/:ho.*sts/) // the completion is shown after what is typed
    await d.press(KEY.tab, KEY.enter)
    const frame = await d.waitFor('hosts (2)')
    expect(frame).toMatch(/> sim1 +up +enabled +█*░* +\d+\/128/)
    await d.press(':', ...'img', KEY.enter)
    await d.waitFor(/images \(1\)[^]*tiny +active +raw +1\.0 MiB +shared +4/)
  })

  it('says so when no view has that name', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press(':', ...'nothing', KEY.enter)
    await d.waitFor('Error: No view named "nothing"')
    await d.press(KEY.escape)
    await d.waitFor((f) => !f.includes('No view named'))
  })

  it('lists every key of the view with ?', async () => {
    const d = await dashboard()
    await d.waitFor('servers (4)')
    await d.press('?')
    let frame = await d.waitFor('Keys of the servers view')
    expect(frame).toMatch(/↓\/j +Move down/)
    for (let i = 0; i < 16; i++) await d.press('j')
    frame = await d.waitFor(/Ctrl-D +Delete \(asks first\)/)
    for (let i = 0; i < 12; i++) await d.press('j')
    await d.waitFor(/c +Serial console in a pane/)
    for (let i = 0; i < 30; i++) await d.press('j')
    await d.waitFor(/images +image, img, glance/)
    await d.press(KEY.escape)
    await d.waitFor('servers (4)')
  })

  it('shows a host with its inventory and servers', async () => {
    const d = await dashboard({ view: 'hosts' })
    await d.waitFor('hosts (2)')
    await d.press(KEY.enter)
    await d.waitFor(/Host sim1[^]*Inventory[^]*VCPU +8 total, 0 reserved, x16: 128 capacity/)
    for (let i = 0; i < 40; i++) await d.press('j')
    await d.waitFor(/Servers \(\d\)[^]*ACTIVE m1\./)
  })
})

describe('size and colour', () => {
  it('drops the least useful columns when narrow and follows a resize', async () => {
    const d = await dashboard({ columns: 50, rows: 15 })
    let frame = await d.waitFor('servers (4)')
    expect(frame.split('\n')).toHaveLength(14)
    expect(frame).not.toContain('ADDRESSES')
    expect(frame).toContain('STATUS')
    d.resize(120, 30)
    frame = await d.waitFor('ADDRESSES')
    expect(frame.split('\n')).toHaveLength(29)
  })
})
