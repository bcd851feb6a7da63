// The dashboard's pure presentation: column layout, scrolling, filters, view
// names, bars and ages, tones and NO_COLOR, key parsing. No rendering.
import { describe, expect, it } from 'vitest'
import { filterRows } from '../../../src/tui/filter.js'
import { age, bar, fit, plain, usageTone } from '../../../src/tui/format.js'
import { keyPresses } from '../../../src/tui/keymap.js'
import { columnWidths, MARKER, scrollTop } from '../../../src/tui/layout.js'
import { appendLog } from '../../../src/tui/components/LogPane.js'
import { themeFor } from '../../../src/tui/theme.js'
import { completeView, resolveView } from '../../../src/tui/views/index.js'
import { serversView, statusTone } from '../../../src/tui/views/servers.js'
import { indexed, type Row } from '../../../src/tui/views/view.js'
import { taskOrder } from '../../../src/tui/views/work.js'
import type { Key } from 'ink'

const row = (key: string, fields: Record<string, string>): Row => ({ key, cells: () => [], ...indexed(() => fields) })
const noKey = {} as Key

describe('column layout', () => {
  it('fits every column of the servers view in 80 columns, each within its bounds', () => {
    const widths = columnWidths(serversView.columns, 80)
    expect(widths.every((w, i) => w >= serversView.columns[i].min && w <= (serversView.columns[i].max ?? 80))).toBe(true)
    expect(widths.reduce((a, b) => a + b, 0) + widths.length - 1 + MARKER).toBeLessThanOrEqual(80)
  })

  it('drops the most expendable columns first when narrow, never the essential ones', () => {
    const names = (w: number) => serversView.columns.filter((_, i) => columnWidths(serversView.columns, w)[i] > 0).map((c) => c.title)
    expect(names(50)).toEqual(['NAME', 'STATUS', 'TASK', 'HOST', 'FLAVOR', 'IMAGE', 'AGE'])
    expect(names(30)).toEqual(['NAME', 'STATUS', 'HOST', 'AGE'])
    // Even absurdly narrow, the essential columns stay and shrink.
    expect(names(12)).toEqual(['NAME', 'STATUS'])
  })

  it('scrolls only as far as needed to keep the cursor in view', () => {
    expect(scrollTop(0, 0, 10, 100)).toBe(0)
    expect(scrollTop(10, 0, 10, 100)).toBe(1)
    expect(scrollTop(5, 3, 10, 100)).toBe(3)
    expect(scrollTop(2, 3, 10, 100)).toBe(2)
    expect(scrollTop(99, 0, 10, 100)).toBe(90)
    // Rows went away: no empty lines under the last row.
    expect(scrollTop(4, 50, 10, 5)).toBe(0)
  })
})

describe('filters', () => {
  const rows = [row('a', { name: 'web-1', status: 'ACTIVE', host: 'sim1' }), row('b', { name: 'web-2', status: 'ERROR', host: 'sim2' }), row('c', { name: 'db', status: 'SHUTOFF', host: 'sim1' })]
  const keys = (text: string) => filterRows(rows, text).map((r) => r.key)

  it('keeps rows containing every word, in any field, ignoring case', () => {
    expect(keys('web')).toEqual(['a', 'b'])
    expect(keys('WEB sim2')).toEqual(['b'])
    expect(keys('')).toEqual(['a', 'b', 'c'])
  })

  it('compares one field with field=value and field!=value, a field named by its prefix', () => {
    expect(keys('status=error')).toEqual(['b'])
    expect(keys('stat=ERROR')).toEqual(['b'])
    expect(keys('host!=sim1')).toEqual(['b'])
    expect(keys('host=sim1 status=active')).toEqual(['a'])
    expect(keys('nosuchfield=x')).toEqual([])
  })

  it('returns the very same rows when there is no filter (no copy of 10,000 rows)', () => {
    expect(filterRows(rows, '  ')).toBe(rows)
  })
})

describe('view names', () => {
  it('resolves names, aliases and unique prefixes', () => {
    expect(resolveView('servers')?.name).toBe('servers')
    expect(resolveView('img')?.name).toBe('images')
    expect(resolveView('ho')?.name).toBe('hosts')
    expect(resolveView('sg')?.name).toBe('groups')
    expect(resolveView('zones')?.name).toBe('aggregates')
    // `s` starts servers, sg, sizes...: ambiguous.
    expect(resolveView('s')).toBeNull()
    expect(resolveView('nothing')).toBeNull()
  })

  it('completes canonical names before aliases', () => {
    expect(completeView('se')[0]).toBe('servers')
    expect(completeView('i')).toEqual(['images', 'instances', 'image', 'img'])
  })
})

describe('text', () => {
  it('writes ages in one unit, as kubectl does', () => {
    const now = Date.parse('2026-01-02T00:00:00Z')
    expect(age('2026-01-01T23:59:30Z', now)).toBe('30s')
    expect(age('2026-01-01T23:50:00Z', now)).toBe('10m')
    expect(age('2026-01-01T20:00:00Z', now)).toBe('4h')
    expect(age('2025-12-20T00:00:00Z', now)).toBe('13d')
    expect(age(null, now)).toBe('')
  })

  it('draws usage bars that show any use at all and never overflow', () => {
    expect(bar(0, 100, 10)).toBe('░'.repeat(10))
    expect(bar(1, 1000, 10)).toBe('█' + '░'.repeat(9))
    expect(bar(50, 100, 10)).toBe('█'.repeat(5) + '░'.repeat(5))
    expect(bar(300, 100, 4)).toBe('████')
    expect(bar(0, 0, 3)).toBe('░░░')
    expect([usageTone(10, 100), usageTone(80, 100), usageTone(95, 100)]).toEqual(['ok', 'warn', 'bad'])
  })

  it('cuts cells with an ellipsis and pads them to the width', () => {
    expect(fit('web-1', 8)).toBe('web-1   ')
    expect(fit('12', 4, 'right')).toBe('  12')
    expect(fit('a-long-name', 6)).toBe('a-lon…')
    expect(fit('two\nlines', 20)).toBe('two lines'.padEnd(20))
  })

  it('keeps a console log as lines without control sequences, the last one growing', () => {
    let lines = appendLog([], '\x1b[1mboot\x1b[0m ok\r\nlog')
    expect(lines).toEqual(['boot ok', 'log'])
    lines = appendLog(lines, 'in: \n')
    expect(lines).toEqual(['boot ok', 'login: ', ''])
    expect(plain('\x1b]0;title\x07a\x1b[2Jb')).toBe('ab')
  })
})

describe('colour', () => {
  it('gives each server status a tone an operator reads at a glance', () => {
    expect(statusTone('ACTIVE')).toBe('ok')
    expect(statusTone('ERROR')).toBe('bad')
    expect(statusTone('BUILD')).toBe('busy')
    expect(statusTone('HARD_REBOOT')).toBe('busy')
    expect(statusTone('VERIFY_RESIZE')).toBe('warn')
    expect(statusTone('SHUTOFF')).toBe('dim')
  })

  it('uses only the 16 basic colours, and none with NO_COLOR', () => {
    const basic = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray']
    const theme = themeFor({})
    for (const tone of ['ok', 'warn', 'bad', 'busy', 'dim', 'accent'] as const) expect(basic).toContain(theme.color(tone))
    const plainTheme = themeFor({ NO_COLOR: '1' })
    expect(plainTheme.color('bad')).toBeUndefined()
    // NO_COLOR set but empty does not count (no-color.org).
    expect(themeFor({ NO_COLOR: '' }).color('bad')).toBe('red')
  })
})

describe('keys', () => {
  it('splits what arrives as one input into keys, naming the control ones', () => {
    expect(keyPresses(':ho\t\r', noKey).map((k) => k.name)).toEqual([':', 'h', 'o', 'tab', 'return'])
    expect(keyPresses('jj', noKey).map((k) => k.name)).toEqual(['j', 'j'])
    expect(keyPresses(' ', noKey)).toEqual([{ name: 'space', input: ' ' }])
    expect(keyPresses('d', { ...noKey, ctrl: true })).toEqual([{ name: 'ctrl+d', input: 'd' }])
    expect(keyPresses('', { ...noKey, downArrow: true })[0].name).toBe('down')
  })
})

describe('tasks', () => {
  it('lists running tasks, then queued oldest first, then finished newest first', () => {
    const t = (id: string, status: 'queued' | 'running' | 'succeeded' | 'failed') => ({ id, status }) as Parameters<typeof taskOrder>[0][number]
    expect(taskOrder([t('1', 'succeeded'), t('2', 'queued'), t('3', 'running'), t('4', 'failed'), t('5', 'queued')]).map((x) => x.id)).toEqual(['3', '2', '5', '4', '1'])
  })
})
