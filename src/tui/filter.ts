// What `/` types, as k9s reads it: words are substrings every row must
// contain (any field), and `field=value` (or `field!=value`) compares one
// field, case-insensitively, also by prefix for the field's name
// (`stat=error` is status=ERROR). A field the view lacks matches nothing.
import type { Row } from './views/view.js'

interface Term {
  field?: string
  value: string
  negate: boolean
}

/** A parsed filter: a row predicate and what it was made from. */
export interface RowFilter {
  text: string
  matches(row: Row): boolean
}

function parse(text: string): Term[] {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const m = /^([a-z_][a-z0-9_-]*)(!?=)(.*)$/i.exec(word)
      if (!m) return { value: word.toLowerCase(), negate: false }
      return { field: m[1].toLowerCase(), value: m[3].toLowerCase(), negate: m[2] === '!=' }
    })
}

function fieldOf(fields: Record<string, string>, name: string): string | undefined {
  if (name in fields) return fields[name]
  const key = Object.keys(fields).find((k) => k.startsWith(name))
  return key === undefined ? undefined : fields[key]
}

/** The filter `text` describes (an empty text keeps every row). */
export function rowFilter(text: string): RowFilter {
  const terms = parse(text)
  return {
    text,
    matches(row) {
      const { fields, search } = row.index()
      for (const t of terms) {
        if (t.field === undefined) {
          if (!search.includes(t.value)) return false
          continue
        }
        const value = fieldOf(fields, t.field)
        const hit = value !== undefined && (t.value === '' ? value === '' : value.toLowerCase().includes(t.value))
        if (hit === t.negate) return false
      }
      return true
    },
  }
}

/** The rows a filter keeps, in order; the same array when the filter is empty (no copy of 10,000 rows). */
export function filterRows(rows: readonly Row[], text: string): readonly Row[] {
  if (text.trim() === '') return rows
  const filter = rowFilter(text)
  return rows.filter((r) => filter.matches(r))
}
