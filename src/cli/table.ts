// Plain tables for list and show output (cli-table3 does the layout). Loaded on
// first use: --json output never needs it, and start-up time counts.
import { createRequire } from 'node:module'
import type TableType from 'cli-table3'
import { cellText } from './output.js'

let TableClass: typeof TableType | undefined
const Table = function (this: unknown, options: TableType.TableConstructorOptions) {
  TableClass ??= createRequire(import.meta.url)('cli-table3') as typeof TableType
  return new TableClass(options)
} as unknown as typeof TableType

const STYLE = { head: [], border: [] }
// No rule between rows: long lists stay readable and greppable.
const CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }

/** A table with a header row. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: STYLE, chars: CHARS })
  for (const row of rows) t.push(row.map(String))
  return t.toString()
}

/** A two-column Field/Value table, as `openstack ... show` prints (undefined fields left out; cells as output.ts's cellText). */
export function fieldTable(fields: Record<string, unknown>): string {
  const t = new Table({ head: ['Field', 'Value'], style: STYLE, chars: CHARS })
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.push([k, cellText(v)])
  return t.toString()
}
