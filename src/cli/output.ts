// What list and show commands print, as cliff (openstackclient's framework)
// has it: a list is column names and rows, a show is fields by name; -c picks
// columns, --sort-column orders rows, -f picks a formatter. The formatters
// other than the table load only when asked for (start-up time counts).
import { UserError } from '../core/errors.js'

/** A cell whose text (table, csv, value) differs from its data (json, yaml), as cliff's FormattableColumn. */
export class Formatted {
  constructor(
    readonly text: string,
    readonly data: unknown,
  ) {}
}

/** One value of a list row or a show field. */
export type Cell = string | number | boolean | null | undefined | Formatted | readonly unknown[] | { readonly [key: string]: unknown }

/** What a list command prints: every column it can show, a row of cells per item, and the columns shown by default. */
export interface ListOutput {
  columns: readonly string[]
  rows: Cell[][]
  shown?: readonly string[]
}

/** What a show command prints: fields by name, in order (undefined ones are left out). */
export type ShowOutput = Record<string, unknown>

/** The formats of a list (`-f`), as cliff's. */
export const LIST_FORMATS = ['csv', 'json', 'table', 'value', 'yaml'] as const
/** The formats of one object (`-f`), as cliff's: no csv, but shell. */
export const SHOW_FORMATS = ['json', 'shell', 'table', 'value', 'yaml'] as const
/** The quoting modes of `-f csv --quote`, as Python's csv module names them (cliff's default: nonnumeric). */
export const QUOTE_MODES = ['all', 'minimal', 'none', 'nonnumeric'] as const
/** One of QUOTE_MODES. */
export type QuoteMode = (typeof QUOTE_MODES)[number]

/** The output flags a list or show command parsed (see output-flags.ts). */
export interface OutputOptions {
  column?: string[]
  format: string
  noindent?: boolean
  prefix?: string
  quote?: QuoteMode
  'sort-column'?: string[]
  'sort-descending'?: boolean
}
/** Output options for commands without output flags (a create, the demo): the plain table. */
export const TABLE: OutputOptions = { format: 'table' }

/** A cell as text: booleans as Python prints them (openstack's True/False), null as nothing, lists joined. */
export function cellText(cell: unknown): string {
  if (cell instanceof Formatted) return cell.text
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'boolean') return cell ? 'True' : 'False'
  if (Array.isArray(cell) && cell.every((x) => x === null || typeof x !== 'object')) return cell.map(cellText).join(', ')
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell)
}

/** A cell as data, for json and yaml. */
export function cellData(cell: unknown): unknown {
  return cell instanceof Formatted ? cell.data : (cell ?? null)
}

// openstack accepts `-c task_state` for "Task State"; so do we, after the exact name.
// Its `server show` names fields with the API's extension prefixes
// (OS-EXT-STS:task_state, OS-EXT-SRV-ATTR:host): scripts written for it keep working.
const loose = (name: string) =>
  name
    .replace(/^OS-[A-Z-]+:/, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')

/** The column `asked` names among `columns` (exactly, else ignoring case, spaces, `_`, `-` and an `OS-...:` prefix); a usage error otherwise. */
export function resolveColumn(asked: string, columns: readonly string[]): string {
  const found = columns.find((c) => c === asked) ?? columns.find((c) => loose(c) === loose(asked))
  if (found === undefined) {
    throw new UserError(`No column "${asked}": the columns are ${columns.map((c) => `"${c}"`).join(', ')}.`, {
      hint: 'Name columns as the table heads them (list) or by field name (show), e.g. -c Status.',
      exitCode: 2,
    })
  }
  return found
}

/**
 * The field names of a view type, for a command that must check -c before it
 * acts (a create or set prints after it has written): the compiler holds the
 * list to every field of T and no other, so it cannot drift from the view.
 */
export function fieldNames<T>() {
  return <const K extends ReadonlyArray<keyof T & string>>(names: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })): readonly string[] => names
}

/** The columns to print: those asked for with -c in the command's order (as cliff), else the default ones. */
export function chooseColumns(columns: readonly string[], asked: readonly string[] | undefined, shown: readonly string[] = columns): string[] {
  if (!asked?.length) return [...shown]
  const wanted = new Set(asked.map((a) => resolveColumn(a, columns)))
  return columns.filter((c) => wanted.has(c))
}

// cliff sorts None after everything ascending; numbers as numbers, the rest as text.
function compareCells(a: Cell, b: Cell): number {
  const x = a instanceof Formatted ? a.text : a
  const y = b instanceof Formatted ? b.text : b
  const xNone = x === null || x === undefined
  const yNone = y === null || y === undefined
  if (xNone || yNone) return xNone === yNone ? 0 : xNone ? 1 : -1
  if (typeof x === 'number' && typeof y === 'number') return x - y
  const s = cellText(x)
  const t = cellText(y)
  return s < t ? -1 : s > t ? 1 : 0
}

/** Rows sorted by the named columns (the first named decides first); stable, as cliff's sort. */
export function sortRows(output: ListOutput, sortColumns: readonly string[] | undefined, descending = false): Cell[][] {
  if (!sortColumns?.length) return output.rows
  const indexes = sortColumns.map((c) => output.columns.indexOf(resolveColumn(c, output.columns)))
  const sign = descending ? -1 : 1
  return [...output.rows].sort((r, s) => {
    for (const i of indexes) {
      const d = compareCells(r[i], s[i])
      if (d !== 0) return sign * d
    }
    return 0
  })
}

/** The list as it will print: sorted, then cut down to the chosen columns. */
export function selectList(output: ListOutput, options: Pick<OutputOptions, 'column' | 'sort-column' | 'sort-descending'>): { columns: string[]; rows: Cell[][] } {
  const rows = sortRows(output, options['sort-column'], options['sort-descending'])
  const columns = chooseColumns(output.columns, options.column, output.shown)
  const at = columns.map((c) => output.columns.indexOf(c))
  return { columns, rows: rows.map((row) => at.map((i) => row[i])) }
}

/** The fields as they will print: undefined ones dropped, then cut down to the -c ones. */
export function selectShow(fields: ShowOutput, asked: readonly string[] | undefined): ShowOutput {
  const present = Object.keys(fields).filter((k) => fields[k] !== undefined)
  return Object.fromEntries(chooseColumns(present, asked).map((k) => [k, fields[k]]))
}

/** Renders a list in the asked format. */
export async function renderList(output: ListOutput, options: OutputOptions): Promise<string> {
  const { columns, rows } = selectList(output, options)
  if (options.format === 'table') return (await import('./table.js')).table(columns, rows.map((r) => r.map(cellText)))
  return (await import('./formatters.js')).formatList(columns, rows, options)
}

/** Renders one object's fields in the asked format. */
export async function renderShow(fields: ShowOutput, options: OutputOptions): Promise<string> {
  const shown = selectShow(fields, options.column)
  if (options.format === 'table') return (await import('./table.js')).fieldTable(shown)
  return (await import('./formatters.js')).formatShow(shown, options)
}
