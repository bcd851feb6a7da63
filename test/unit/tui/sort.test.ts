// Sortable columns: the order functions on their own (natural, stable, blanks
// last, either way), each view's default order, the keys that move and flip
// the sort with the arrow in the sorted column's header, and 10,000 rows
// sorted once per change rather than per keypress.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { headerCell } from '../../../src/tui/components/Table.js'
import { flipSort, moveSort, sortedRows, sortRows, type SortOrder } from '../../../src/tui/sort.js'
import type { Column, Row } from '../../../src/tui/views/view.js'
import { harness, type Harness } from '../../helpers/harness.js'
import { renderDashboard, type Rendered } from './harness.js'

const COLUMNS: Column[] = [
  { title: 'NAME', min: 4, drop: 0 },
  { title: 'SIZE', min: 4, drop: 0, align: 'right' },
  { title: 'AGE', min: 4, max: 4, drop: 0 },
]

function row(key: string, name: string, size: string, sortValues?: Record<string, number>): Row {
  return { key, cells: () => [{ text: name }, { text: size }, { text: '?' }], index: () => ({ fields: {}, search: '' }), sortValue: sortValues && ((title) => sortValues[title]) }
}

const keys = (rows: readonly Row[]) => rows.map((r) => r.key)
const by = (column: string, descending = false): SortOrder => ({ column, descending })

describe('sorting rows', () => {
  const rows = [row('a', 'vm-10', '2'), row('b', 'vm-2', '10'), row('c', 'Vm-1', ''), row('d', 'vm-2', '1')]

  it('orders names as people read them: numbers inside by value, case aside', () => {
    expect(keys(sortRows(rows, COLUMNS, by('NAME'), 0))).toEqual(['c', 'b', 'd', 'a'])
  })

  it('keeps the order rows came in among equal values, whichever way it sorts', () => {
    expect(keys(sortRows(rows, COLUMNS, by('NAME', true), 0))).toEqual(['a', 'b', 'd', 'c'])
  })

  it('puts blank cells last both ways', () => {
    expect(keys(sortRows(rows, COLUMNS, by('SIZE'), 0))).toEqual(['d', 'a', 'b', 'c'])
    expect(keys(sortRows(rows, COLUMNS, by('SIZE', true), 0))).toEqual(['b', 'a', 'd', 'c'])
  })

  it('uses a row’s own sort value where its text would mislead (ages)', () => {
    const aged = [row('old', 'x', '', { AGE: -1000 }), row('new', 'y', '', { AGE: -5000 }), row('mid', 'z', '', { AGE: -3000 })]
    expect(keys(sortRows(aged, COLUMNS, by('AGE'), 0))).toEqual(['new', 'mid', 'old'])
  })

  it('leaves the rows as built with no order or an unknown column, and never changes its input', () => {
    expect(sortRows(rows, COLUMNS, null, 0)).toBe(rows)
    expect(sortRows(rows, COLUMNS, by('NOPE'), 0)).toBe(rows)
    sortRows(rows, COLUMNS, by('NAME'), 0)
    expect(keys(rows)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('moves the sort column both ways, wrapping, and flips the order', () => {
    expect(moveSort(COLUMNS, null, 1)).toEqual(by('NAME'))
    expect(moveSort(COLUMNS, null, -1)).toEqual(by('AGE'))
    expect(moveSort(COLUMNS, by('NAME', true), 1)).toEqual(by('SIZE'))
    expect(moveSort(COLUMNS, by('AGE'), 1)).toEqual(by('NAME'))
    expect(moveSort(COLUMNS, by('NAME'), -1)).toEqual(by('AGE'))
    expect(flipSort(COLUMNS, by('SIZE'))).toEqual(by('SIZE', true))
    expect(flipSort(COLUMNS, null)).toEqual(by('NAME', true))
  })

  it('marks the sorted column’s header with an arrow, giving way to it in a narrow column', () => {
    expect(headerCell(COLUMNS[0], 8, by('NAME'))).toBe('NAME↑   ')
    expect(headerCell(COLUMNS[1], 6, by('SIZE', true))).toBe(' SIZE↓')
    expect(headerCell(COLUMNS[2], 4, by('AGE'))).toBe('AGE↑')
    expect(headerCell(COLUMNS[0], 4, by('NAME'))).toBe('NAM↑')
    expect(headerCell(COLUMNS[0], 8, by('SIZE'))).toBe('NAME    ')
  })

  it('sorts 10,000 rows once per change of rows or order, and quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(`k${i}`, `server-${(i * 7919) % 10_000}`, String(i % 97)))
    sortRows(many, COLUMNS, by('SIZE'), 0) // once to warm up the code, as a dashboard that has been open a while
    const start = performance.now()
    const sorted = sortedRows(many, COLUMNS, by('NAME'), 0)
    const took = performance.now() - start
    expect(sorted[0].cells(0)[0].text).toBe('server-0')
    expect(sorted[9_999].cells(0)[0].text).toBe('server-9999')
    // The same rows and order: the sorted list is kept, not made again (a keypress costs nothing).
    expect(sortedRows(many, COLUMNS, by('NAME'), 0)).toBe(sorted)
    expect(sortedRows(many, COLUMNS, by('NAME', true), 0)).not.toBe(sorted)
    // Generous for a busy 2-core machine; it takes ~7-40 ms.
    expect(took).toBeLessThan(150)
  })
})

describe('sorting in the dashboard', () => {
  let h: Harness
  const open: Rendered[] = []
  afterEach(() => {
    for (const r of open.splice(0)) r.close()
  })
  beforeAll(async () => {
    h = await harness([['sim1']])
    // Created in this order; by name they read alpha, beta, zulu.
    for (const [name, flavor] of [['zulu', 'm1.tiny'], ['alpha', 'm1.small'], ['beta', 'm1.tiny']]) await (await h.services.compute.createServers({ name, flavor, image: 'tiny' })).handle.wait()
    await (await h.services.compute.powerAction(['beta'], 'stop')).handle.wait()
  })

  async function dashboard(view?: 'servers' | 'events'): Promise<Rendered> {
    const d = await renderDashboard(h.services, { columns: 100, rows: 24, view })
    open.push(d)
    return d
  }

  it('opens servers sorted by name; > sorts by the next column, I flips it, < goes back', async () => {
    const d = await dashboard()
    let frame = await d.waitFor(/NAME↑[^]*alpha[^]*beta[^]*zulu/)
    expect(frame).toMatch(/> alpha /)
    await d.press('>')
    frame = await d.waitFor(/NAME +STATUS↑/)
    // ACTIVE before SHUTOFF (equal ones in the order they were made); the cursor stays on its server.
    expect(frame).toMatch(/zulu +ACTIVE[^]*> alpha +ACTIVE[^]*beta +SHUTOFF/)
    await d.press('I')
    frame = await d.waitFor(/STATUS↓[^]*beta +SHUTOFF[^]*zulu +ACTIVE[^]*> alpha +ACTIVE/)
    await d.press('<')
    await d.waitFor(/NAME↑[^]*alpha[^]*beta[^]*zulu/)
    await d.press('<')
    // From the first column it wraps to the last: AGE, youngest first.
    frame = await d.waitFor(/AGE↑/)
    expect(frame).toMatch(/beta[^]*alpha[^]*zulu/)
  })

  it('keeps each view’s own order: events newest first', async () => {
    const d = await dashboard('events')
    const frame = await d.waitFor(/TIME↓/)
    // The stop came last, so it is on top; the creates follow newest first.
    expect(frame).toMatch(/> \d\d:\d\d:\d\d +beta +stop[^]*beta +create[^]*alpha +create[^]*zulu +create/)
  })

  it('names the sort column in the title when the terminal is too narrow to show it', async () => {
    const d = await renderDashboard(h.services, { columns: 50, rows: 24, view: 'hosts' })
    open.push(d)
    let frame = await d.waitFor(/NAME↑/)
    expect(frame).not.toContain('VIRT')
    await d.press('<')
    // From NAME back round to the last column, VIRT, which 50 columns leave out.
    frame = await d.waitFor('hosts (1)  sorted by VIRT↑')
    expect(frame).not.toContain('NAME↑')
    await d.press('>')
    frame = await d.waitFor(/NAME↑/)
    expect(frame).not.toContain('sorted by')
  })

  it('lists the sort keys in ?', async () => {
    const d = await dashboard()
    await d.waitFor('servers (3)')
    await d.press('?')
    const frame = await d.waitFor('Keys of the servers view')
    expect(frame).toMatch(/> +Sort by the next column \(its header shows ↑ or ↓\)/)
    expect(frame).toMatch(/< +Sort by the previous column/)
    expect(frame).toMatch(/I +Invert the sort order/)
  })
})
