// Rows across store generations: after a commit, the servers view keeps the
// row (and so the search text and sort keys) of every server that did not
// change and builds rows for the ones that did, so what the table shows is
// always the new state; a row that shows another object's name (its host's)
// is built again when that name changes.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { IncrementalStateReader } from '../../../src/core/store/incremental-read.js'
import { rowsOf, tableScreen } from '../../../src/tui/screen.js'
import { initialUi } from '../../../src/tui/state.js'
import { serversView } from '../../../src/tui/views/servers.js'
import { snapshotOf, type Row } from '../../../src/tui/views/view.js'
import { harness, type Harness } from '../../helpers/harness.js'

let h: Harness
beforeAll(async () => {
  h = await harness([['sim1']])
  for (const name of ['alpha', 'beta', 'gamma']) await (await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
})
afterAll(() => rmSync(h.home, { recursive: true, force: true }))

const byName = (rows: readonly Row[]) => new Map(rows.map((r) => [r.cells(0)[0].text, r]))

it('keeps the rows of unchanged servers and shows the changed one as it is now', async () => {
  const reader = new IncrementalStateReader(h.services.store)
  const before = snapshotOf(await reader.read(), Date.now())
  const old = byName(rowsOf(before, serversView))
  expect(old.get('beta')?.index().search).toContain('active')
  await (await h.services.compute.powerAction(['beta'], 'stop')).handle.wait()
  const after = snapshotOf(await reader.read(), Date.now())
  const now = byName(tableScreen(after, serversView, initialUi(), 10).rows)
  expect(now.get('alpha')).toBe(old.get('alpha'))
  expect(now.get('gamma')).toBe(old.get('gamma'))
  expect(now.get('beta')).not.toBe(old.get('beta'))
  expect(now.get('beta')?.cells(0)[1].text).toBe('SHUTOFF')
  expect(now.get('beta')?.index().fields.status).toBe('SHUTOFF')
  // A filter on the new state finds the stopped server by its new status only.
  const stopped = tableScreen(after, serversView, { ...initialUi(), filters: { servers: 'status=shutoff' } }, 10).rows
  expect(stopped.map((r) => r.key)).toEqual([now.get('beta')?.key])
})

it('builds a row again when the host name it shows changed, though the server did not', async () => {
  const state = await new IncrementalStateReader(h.services.store).read()
  const first = byName(rowsOf(snapshotOf(state, Date.now()), serversView))
  const renamed = { ...state, hosts: state.hosts.map((x) => ({ ...x, name: 'renamed' })) }
  const rows = byName(rowsOf(snapshotOf(renamed, Date.now()), serversView))
  expect(rows.get('alpha')).not.toBe(first.get('alpha'))
  expect(rows.get('alpha')?.cells(0)[3].text).toBe('renamed')
  expect(rows.get('alpha')?.index().fields.host).toBe('renamed')
})

it('keeps what a filter typed key by key finds equal to the same filter typed at once', async () => {
  const snap = snapshotOf(await new IncrementalStateReader(h.services.store).read(), Date.now())
  const names = (text: string) => tableScreen(snap, serversView, { ...initialUi(), filters: { servers: text } }, 10).rows.map((r) => r.cells(0)[0].text)
  // Narrowing (a word extended, a word added), widening (backspace), and field terms
  // whose meaning changes as they are typed (`stat` is a word, `stat=` a field test).
  const typed = ['a', 'al', 'alp', 'al', 'a', 'a m', 'a m1', '', 'stat', 'stat=', 'stat=act', 'stat!=act', 'ta', 'tat', 'status']
  const once = new Map(typed.map((t) => [t, names(t)]))
  const fresh = snapshotOf(await new IncrementalStateReader(h.services.store).read(), Date.now())
  for (const t of typed) {
    const direct = tableScreen(fresh, serversView, { ...initialUi(), filters: { servers: t } }, 10).rows.map((r) => r.cells(0)[0].text)
    expect(once.get(t), JSON.stringify(t)).toEqual(direct)
  }
  expect(once.get('alp')).toEqual(['alpha'])
  expect(once.get('a')).toEqual(['alpha', 'beta', 'gamma'])
})
