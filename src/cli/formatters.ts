// cliff's formatters other than the table: csv, json, value and yaml for
// lists; json, shell, value and yaml for one object. Loaded only when -f asks
// for one of them; the YAML library loads only for yaml.
import { cellData, cellText, type Cell, type OutputOptions, type QuoteMode, type ShowOutput } from './output.js'

// Python's csv writer as cliff sets it up: `"` doubled, `\` as escapechar,
// numbers (and booleans, which are ints in Python) never quoted by nonnumeric.
function csvField(cell: Cell, mode: QuoteMode, alone: boolean): string {
  const text = cellText(cell)
  if (mode === 'none') return text.replace(/[\\,"\r\n]/g, (c) => `\\${c}`)
  const numeric = typeof cell === 'number' || typeof cell === 'boolean'
  const quote = mode === 'all' || (mode === 'nonnumeric' && !numeric) || (mode === 'minimal' && (/[,"\r\n]/.test(text) || (alone && text === '')))
  const escaped = text.replaceAll('\\', '\\\\')
  return quote ? `"${escaped.replaceAll('"', '""')}"` : escaped
}

/** A list as CSV: a header row, then a line per row. */
export function csv(columns: readonly string[], rows: readonly Cell[][], mode: QuoteMode = 'nonnumeric'): string {
  return [columns, ...rows].map((row) => row.map((c) => csvField(c, mode, row.length === 1)).join(',')).join('\n')
}

// -f value and -f shell print a missing value as cliff does, as Python prints
// None: a script written for openstack tests `= None` (the table and csv, like
// cliff's csv, leave the cell empty).
const scriptText = (cell: unknown) => (cell === null || cell === undefined ? 'None' : cellText(cell))

/** A list as bare values: a line per row, its cells separated by spaces. */
export function values(rows: readonly Cell[][]): string {
  return rows.map((row) => row.map(scriptText).join(' ')).join('\n')
}

/** JSON, indented by 2 unless --noindent. */
export function json(value: unknown, noindent = false): string {
  return JSON.stringify(value, null, noindent ? undefined : 2)
}

/** YAML as PyYAML writes it for cliff (block style, YAML 1.1 quoting, so `yes` and `on` stay strings). */
export async function yaml(value: unknown): Promise<string> {
  const { stringify } = await import('yaml')
  return stringify(value, { version: '1.1', indentSeq: false }).trimEnd()
}

/** Fields as shell assignments (`name="value"`), for eval; cliff's variable names. */
export function shell(fields: ShowOutput, prefix = ''): string {
  return Object.entries(fields)
    .map(([k, v]) => {
      const name = k.toLowerCase().replaceAll(' ', '_').replace(/[:-]/g, '_')
      // cliff escapes only `"`; inside double quotes `$`, backquote and `\` would run or vanish under eval.
      return `${prefix}${name}="${scriptText(v).replace(/["$`\\]/g, (c) => `\\${c}`)}"`
    })
    .join('\n')
}

/** The rows as objects keyed by column, as cliff's json and yaml formatters give a list. */
export function records(columns: readonly string[], rows: readonly Cell[][]): Array<Record<string, unknown>> {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, cellData(row[i])])))
}

/** A list in a format other than table. */
export async function formatList(columns: readonly string[], rows: readonly Cell[][], options: OutputOptions): Promise<string> {
  switch (options.format) {
    case 'csv':
      return csv(columns, rows, options.quote)
    case 'json':
      return json(records(columns, rows), options.noindent)
    case 'value':
      return values(rows)
    case 'yaml':
      return yaml(records(columns, rows))
    default:
      throw new Error(`No list formatter "${options.format}"`)
  }
}

/** One object's fields in a format other than table. */
export async function formatShow(fields: ShowOutput, options: OutputOptions): Promise<string> {
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, cellData(v)]))
  switch (options.format) {
    case 'json':
      return json(data, options.noindent)
    case 'shell':
      return shell(fields, options.prefix)
    case 'value':
      return Object.values(fields).map(scriptText).join('\n')
    case 'yaml':
      return yaml(data)
    default:
      throw new Error(`No show formatter "${options.format}"`)
  }
}
