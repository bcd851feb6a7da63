// What a dashboard view is: a table over one kind of thing in the store. Rows
// are built once per store generation (their filter fields and search text
// with them); cells are only made for the rows on screen, since ages move
// with the clock and 10,000 servers must not be formatted on every keypress.
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
}

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

/** A row's index, built from its field values when a filter first asks (keys are given lower-case). */
export function indexed(fields: () => Record<string, FieldValue>): Pick<Row, 'index'> {
  let made: RowIndex | undefined
  return {
    index: () => {
      if (made) return made
      const out: Record<string, string> = {}
      let search = ''
      const values = fields()
      for (const k in values) {
        const v = values[k]
        const text = v === null || v === undefined ? '' : String(v)
        out[k] = text
        if (!NOT_SEARCHED.has(k)) search += `${text.toLowerCase()} `
      }
      return (made = { fields: out, search })
    },
  }
}

/** A value computed on first use, then kept. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
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
