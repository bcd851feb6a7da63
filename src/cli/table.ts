// Plain tables for list and show output (cli-table3 does the layout).
import Table from 'cli-table3'

const STYLE = { head: [], border: [] }
// No rule between rows: long lists stay readable and greppable.
const CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }

/** A table with a header row. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: STYLE, chars: CHARS })
  for (const row of rows) t.push(row.map(String))
  return t.toString()
}

/** A two-column Field/Value table, as `openstack ... show` prints. */
export function fieldTable(fields: Record<string, unknown>): string {
  const t = new Table({ head: ['Field', 'Value'], style: STYLE, chars: CHARS })
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.push([k, v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)])
  return t.toString()
}
