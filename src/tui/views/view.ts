// What a dashboard view is: a table over one kind of thing in the store. Rows
// are built once per store generation (servers: once per changed server, see
// rowCache), their filter fields and search text on first use; cells are only
// made for the rows on screen, since ages move with the clock and 10,000
// servers must not be formatted on every keypress.
import type { State } from '../../core/store/schema.js'
import type { Tone } from '../theme.js'

/** The views the dashboard has, by their canonical names. */
export type ViewName = 'servers' | 'hosts' | 'flavors' | 'images' | 'keypairs' | 'tasks' | 'events' | 'aggregates' | 'groups'

/** One cell: text and what it means (for its colour). */
export interface Cell {
  text: string
  tone?: Tone
}

/** A column's header and how it shares the width. */
export interface Column {
  title: string
  /** Narrowest it may get. */
  min: number
  /** Widest it is worth (default: no limit, it takes what is left). */
  max?: number
  /** Which columns go first when the terminal is narrow: higher numbers go first; 0 never goes. */
  drop: number
  align?: 'right'
}

/** One row of a table. */
export interface Row {
  /** Stable identity (a uuid or a name) so the cursor and selection survive updates. */
  key: string
  cells: (now: number) => Cell[]
  /** What filters read, made on first use (most rows are never filtered): fields by lower-case name, and the text `/` searches. */
  index: () => RowIndex
  /** The sort value of a column (by its title) whose cell text would sort wrongly (ages, sizes, bars); undefined: sort by the text. */
  sortValue?: (title: string) => SortValue | undefined
}

/** What a column sorts by: a number, or text (compared with numbers inside read as numbers). */
export type SortValue = string | number

/** A row's filter fields (`status=ERROR` matches fields.status) and lower-case search text. */
export interface RowIndex {
  fields: Record<string, string>
  search: string
}

/** A labelled line of a detail pane. */
export interface DetailLine {
  label: string
  value: string
  tone?: Tone
}

/** A titled block of a detail pane. */
export interface DetailSection {
  title: string
  lines: DetailLine[]
}

/** What a view's functions read: the state and lookups made once per generation. */
export interface Snapshot {
  state: State
  /** When this state was read (ms since the epoch). */
  readAt: number
  hostName: (id: string | null) => string
}

/** A view of the dashboard. */
export interface View {
  name: ViewName
  /** Other names `:` accepts (k9s's short names). */
  aliases: readonly string[]
  columns: readonly Column[]
  rows: (snap: Snapshot) => Row[]
  /** Every field of one row's object; null when it is gone. */
  detail: (snap: Snapshot, key: string) => DetailSection[] | null
  /** What to say when there is nothing to show, and how to get something. */
  empty: string
  /** The order it opens in (absent: the order rows() gives). */
  sort?: { column: string; descending: boolean }
}

/** An AGE column's sort value: ascending puts the youngest first, as the ages read. */
export function ageValue(createdAt: string): number {
  return -Date.parse(createdAt)
}

/** Builds the lookups of a snapshot once. */
export function snapshotOf(state: State, readAt: number): Snapshot {
  const hosts = new Map(state.hosts.map((h) => [h.id, h.name]))
  return { state, readAt, hostName: (id) => (id ? (hosts.get(id) ?? id.slice(0, 8)) : '') }
}

// Hex ids would make short words match at random (`/db` in a uuid): they are
// found with `id=...` instead of by plain words.
const NOT_SEARCHED = new Set(['id', 'request'])

type FieldValue = string | number | boolean | null | undefined

/** A row's index from its field values (keys given lower-case). */
export function rowIndex(values: Record<string, FieldValue>): RowIndex {
  const fields: Record<string, string> = {}
  const words: string[] = []
  for (const k in values) {
    const v = values[k]
    const text = v === null || v === undefined ? '' : String(v)
    fields[k] = text
    if (!NOT_SEARCHED.has(k)) words.push(text.toLowerCase())
  }
  // Joined (each word then a space), not built with +=: one flat string per row
  // instead of a chain of pieces (~3 MB more at 10,000 servers).
  words.push('')
  return { fields, search: words.join(' ') }
}

/** A row's index, built from its field values when a filter first asks (keys are given lower-case). */
export function indexed(fields: () => Record<string, FieldValue>): Pick<Row, 'index'> {
  let made: RowIndex | undefined
  return { index: () => (made ??= rowIndex(fields())) }
}

/**
 * Rows kept per store object across snapshots. The store reader hands out the
 * very object again for a line that did not change (incremental-read.ts), so
 * a commit that changes one server of 10,000 builds one row, not 10,000: the
 * others keep their row with its search text and sort keys. A row also shows
 * what it looked up elsewhere (a host's or an image's name): those are its
 * `deps`, and the row is built again when they differ.
 */
export function rowCache<T extends object>(): (obj: T, deps: string, make: () => Row) => Row {
  const rows = new WeakMap<T, { deps: string; row: Row }>()
  return (obj, deps, make) => {
    const kept = rows.get(obj)
    if (kept?.deps === deps) return kept.row
    const row = make()
    rows.set(obj, { deps, row })
    return row
  }
}

/** Detail lines from a record, skipping nothing: an operator wants every field. */
export function linesOf(record: Record<string, unknown>): DetailLine[] {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .map(([label, v]) => ({ label, value: v === null ? '' : typeof v === 'object' ? textOf(v) : String(v) }))
}

// Formatted (the CLI's cell with text and data) prints as its text; other objects as JSON.
function textOf(v: object): string {
  const text = (v as { text?: unknown }).text
  return typeof text === 'string' ? text : JSON.stringify(v)
}
