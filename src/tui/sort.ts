// Sorting a view's table by one column, either way. Each row's sort key is
// made once per row (not per comparison, per frame, nor per sort): a row gives its
// own for columns whose text would sort wrongly (ages, sizes, usage bars),
// the others sort by their cell text, numbers within it compared as numbers
// (vm-2 before vm-10). The sort is stable, so rows that tie keep the view's
// own order (events stay newest first among equal times).
import type { Column, Row, SortValue } from './views/view.js'

/** A table's order: a column (by its title) and which way. */
export interface SortOrder {
  column: string
  descending: boolean
}

// Text is compared through a key made once per row: lower case (case aside), each run of
// digits padded so that numbers compare by value (vm-2 before vm-10), as `ls -v` orders names.
// Intl.Collator's numeric compare does the same but costs ~10x more per comparison, which
// 10,000 rows (~140,000 comparisons) would feel on every change.
function textKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(16, '0'))
}

/** The arrow the sorted column's header carries. */
export function sortArrow(order: SortOrder): string {
  return order.descending ? '↓' : '↑'
}

/** Orders two sort values (text as made by textKey): numbers before text, blank text last. */
function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  if (a === b) return 0
  // An empty cell means "none": it goes after every value whichever way the rest goes.
  if (a === '') return 1
  if (b === '') return -1
  return a < b ? -1 : 1
}

/** `rows` in `order` (a new array; `rows` is left as it is). Null or an unknown column keeps the view's order. */
export function sortRows(rows: readonly Row[], columns: readonly Column[], order: SortOrder | null, now: number): readonly Row[] {
  const col = order ? columns.findIndex((c) => c.title === order.column) : -1
  if (!order || col < 0) return rows
  const values = rows.map((row) => valueOf(row, columns, col, now))
  const positions = rows.map((_, i) => i)
  const sign = order.descending ? -1 : 1
  positions.sort((i, j) => {
    const a = values[i]
    const b = values[j]
    // Blanks stay last either way.
    if (a === '' || b === '') return compareValues(a, b)
    return sign * compareValues(a, b)
  })
  return positions.map((i) => rows[i])
}

// Sort keys per row and column. Rows are kept across store generations for
// objects that did not change (views/view.ts rowCache), so after a commit only
// changed rows make keys again. A row's cells change only with the clock in
// its age columns, and those sort by the row's own values (ageValue), never
// by their text, so a kept key is never stale.
// One table per column title (not a Map per row: 10,000 Maps would weigh more than the keys).
const keys = new Map<string, WeakMap<Row, SortValue>>()

function valueOf(row: Row, columns: readonly Column[], col: number, now: number): SortValue {
  const title = columns[col].title
  let byRow = keys.get(title)
  if (!byRow) keys.set(title, (byRow = new WeakMap()))
  const kept = byRow.get(row)
  if (kept !== undefined) return kept
  const own = row.sortValue?.(title)
  const value = own !== undefined ? own : row.cells(now)[col].text
  const key = typeof value === 'string' ? textKey(value) : value
  byRow.set(row, key)
  return key
}

/** The order after moving the sort one column left or right (wrapping); a new column sorts ascending. */
export function moveSort(columns: readonly Column[], order: SortOrder | null, by: 1 | -1): SortOrder {
  const at = order ? columns.findIndex((c) => c.title === order.column) : -1
  // With no column sorted yet, `>` starts at the first column and `<` at the last.
  const next = at < 0 ? (by === 1 ? 0 : columns.length - 1) : (at + by + columns.length) % columns.length
  return { column: columns[next].title, descending: false }
}

/** The order the other way round (the first column, descending, if none was sorted). */
export function flipSort(columns: readonly Column[], order: SortOrder | null): SortOrder {
  return order ? { ...order, descending: !order.descending } : { column: columns[0].title, descending: true }
}

// The last sort of each row list: a keypress that changes neither the rows nor the order sorts nothing.
const sorted = new WeakMap<readonly Row[], { key: string; rows: readonly Row[] }>()

/** sortRows, remembered for the row list (a new list per store generation, so this is once per change; kept rows keep their keys). */
export function sortedRows(rows: readonly Row[], columns: readonly Column[], order: SortOrder | null, now: number): readonly Row[] {
  const key = order ? `${order.column}\n${order.descending}` : ''
  const last = sorted.get(rows)
  if (last?.key === key) return last.rows
  const out = sortRows(rows, columns, order, now)
  sorted.set(rows, { key, rows: out })
  return out
}
