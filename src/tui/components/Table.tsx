// A view's table: a title line, the column header, and only the rows that
// fit on screen (the rest are never formatted), with the cursor row marked
// `>` (and shown inverse) and selected rows `*`, so it reads without colour.
// The sorted column's header ends in ↑ or ↓; when the terminal is too narrow
// for that column, the title line says what the rows are sorted by.
import chalk from 'chalk'
import { Box, Text } from 'ink'
import { memo, useMemo } from 'react'
import { fit } from '../format.js'
import { GAP, MARKER, columnWidths } from '../layout.js'
import { sortArrow, type SortOrder } from '../sort.js'
import type { Column, Row } from '../views/view.js'
import { useDashboard } from '../context.js'
import type { Theme } from '../theme.js'

/** What the table draws. */
export interface TableProps {
  title: string
  columns: readonly Column[]
  rows: readonly Row[]
  /** Index of the first row on screen, and of the cursor row. */
  top: number
  cursor: number
  height: number
  width: number
  selected: ReadonlySet<string>
  now: number
  empty: string
  sort: SortOrder | null
}

/** The table of the current view. */
export function Table({ title, columns, rows, top, cursor, height, width, selected, now, empty, sort }: TableProps) {
  const { theme } = useDashboard()
  // Kept between frames so that the rows' props compare equal (see TableRow).
  const shown = useMemo(() => {
    const widths = columnWidths(columns, width)
    return columns.map((c, i) => ({ c, i, w: widths[i] })).filter((x) => x.w > 0)
  }, [columns, width])
  const visible = rows.slice(top, top + Math.max(0, height - 2))
  const head = ' '.repeat(MARKER) + shown.map(({ c, w }) => headerCell(c, w, sort)).join(' '.repeat(GAP))
  const sortHidden = sort !== null && !shown.some(({ c }) => c.title === sort.column)
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" bold>
        {title}
        {sortHidden ? `  sorted by ${sort.column}${sortArrow(sort)}` : ''}
      </Text>
      <Text wrap="truncate" bold color={theme.color('accent')}>
        {head}
      </Text>
      {rows.length === 0 ? <Text color={theme.color('dim')}>{fit(empty, width)}</Text> : null}
      {visible.map((row, i) => (
        // Keyed by position: scrolling or filtering then updates the same lines instead of remounting them.
        <TableRow key={i} row={row} at={top + i === cursor} picked={selected.has(row.key)} shown={shown} now={now} theme={theme} />
      ))}
    </Box>
  )
}

interface TableRowProps {
  row: Row
  at: boolean
  picked: boolean
  shown: ReadonlyArray<{ c: Column; i: number; w: number }>
  now: number
  theme: Theme
}

// One line of the table. Memoized: a cursor move changes the props of two rows
// only, so React skips the others (they were most of a keypress's render work).
// The line is one string with its cells' colours in it (chalk, as ink's own
// <Text color> colours), not a <Text> per cell: a filter or a page down redraws
// every row, and each nested <Text> cost React and ink a node to reconcile and
// squash (about half a row's work).
const TableRow = memo(function TableRow({ row, at, picked, shown, now, theme }: TableRowProps) {
  const cells = row.cells(now)
  let line = (at ? '>' : ' ') + (picked ? '*' : ' ')
  for (let j = 0; j < shown.length; j++) {
    const { c, i, w } = shown[j]
    const text = fit(cells[i].text, w, c.align)
    // The cursor row is inverse video, uncoloured, so that it reads on any terminal.
    const color = at ? undefined : theme.color(cells[i].tone)
    line += (j > 0 ? ' '.repeat(GAP) : '') + (color ? (chalk as unknown as Record<string, (s: string) => string>)[color](text) : text)
  }
  return (
    <Text wrap="truncate" inverse={at}>
      {line}
    </Text>
  )
})

/** A column's header, with the sort arrow if the table is sorted by it (the title gives way to the arrow). */
export function headerCell(column: Column, width: number, sort: SortOrder | null): string {
  if (sort?.column !== column.title) return fit(column.title, width, column.align)
  const arrow = sortArrow(sort)
  const text = column.title.length + 1 <= width ? column.title + arrow : column.title.slice(0, Math.max(0, width - 1)) + arrow
  return fit(text, width, column.align)
}
