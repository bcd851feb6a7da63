// What the table shows of the current view, derived from the live snapshot
// and the dashboard's state: rows built once per store generation, filtered,
// the cursor found by its row's key, the rows on screen.
import { filterRows } from './filter.js'
import { firstFrameDrawn } from './first-frame.js'
import { scrollTop } from './layout.js'
import { sortedRows, type SortOrder } from './sort.js'
import type { CursorAt, UiState } from './state.js'
import { viewNamed } from './views/index.js'
import type { Row, Snapshot, View } from './views/view.js'

// Rows per snapshot and view: a keypress re-renders without rebuilding 10,000 rows.
// (A new snapshot makes a new list, but the servers view hands back the rows of
// unchanged servers, with their index and sort keys: views/view.ts rowCache.)
const cache = new WeakMap<Snapshot, Map<string, Row[]>>()

/** A view's rows of a snapshot, built on first use. */
export function rowsOf(snapshot: Snapshot | null, view: View): Row[] {
  if (!snapshot) return []
  let byView = cache.get(snapshot)
  if (!byView) cache.set(snapshot, (byView = new Map()))
  let rows = byView.get(view.name)
  if (!rows) {
    byView.set(view.name, (rows = view.rows(snapshot)))
    warm(rows)
  }
  return rows
}

/** Rows indexed per idle turn of the event loop (a few ms each). */
const SLICE = 500

// A filter needs every row's index: make them in small slices while nothing
// else happens (from the first frame on, which does not wait for them), so the
// first `/` keystroke on 10,000 rows finds them ready and a key pressed
// meanwhile waits for one slice at most.
function warm(rows: readonly Row[]): void {
  let next = 0
  const slice = () => {
    const end = Math.min(rows.length, next + SLICE)
    // Rows kept from the last snapshot are indexed already: this costs them a call.
    for (; next < end; next++) rows[next].index()
    if (next < rows.length) setImmediate(slice)
  }
  void firstFrameDrawn.then(() => setImmediate(slice))
}

/** The table's rows and where the cursor and the window are. */
export interface TableScreen {
  rows: readonly Row[]
  total: number
  cursor: number
  top: number
  /** The row under the cursor (null when there are none). */
  current: Row | null
}

/** Where the cursor is among `rows`: its row if still there, else the same index clamped. */
export function cursorIndex(rows: readonly Row[], at: CursorAt | undefined): number {
  if (rows.length === 0) return 0
  if (at?.key) {
    // Most moves keep the row at its index: check there before searching.
    if (rows[at.index]?.key === at.key) return at.index
    const found = rows.findIndex((r) => r.key === at.key)
    if (found >= 0) return found
  }
  return Math.min(Math.max(0, at?.index ?? 0), rows.length - 1)
}

// The last filter's result per row list: a key that does not change the filter does not filter again.
const filtered = new WeakMap<readonly Row[], { text: string; rows: readonly Row[] }>()

// Typing a filter word by word only narrows it: when both texts are plain words
// (no field=value term, whose meaning can change as it is typed: `stat` -> `stat=`,
// and `!=` widens) and the new one extends the last, only the last result is searched.
const narrows = (last: string, text: string) => text.startsWith(last) && !text.includes('=')

function filteredRows(all: readonly Row[], text: string): readonly Row[] {
  const last = filtered.get(all)
  if (last?.text === text) return last.rows
  const rows = filterRows(last && narrows(last.text, text) ? last.rows : all, text)
  filtered.set(all, { text, rows })
  return rows
}

/** The order the current view's table is in: the operator's choice, else the view's default (null: as built). */
export function sortOf(ui: UiState): SortOrder | null {
  return ui.sorts[ui.view] ?? viewNamed(ui.view).sort ?? null
}

/** The table screen of the current view. */
export function tableScreen(snapshot: Snapshot | null, view: View, ui: UiState, height: number): TableScreen {
  const all = rowsOf(snapshot, view)
  // Sorted once per store generation or change of order (both cached), then filtered.
  const order = ui.sorts[view.name] ?? view.sort ?? null
  const rows = filteredRows(sortedRows(all, view.columns, order, snapshot?.readAt ?? 0), ui.filters[view.name] ?? '')
  const at = ui.cursors[view.name]
  const cursor = cursorIndex(rows, at)
  return { rows, total: all.length, cursor, top: scrollTop(cursor, at?.top ?? 0, height, rows.length), current: rows[cursor] ?? null }
}
