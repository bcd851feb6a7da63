// How a table fits a terminal: which columns stay, how wide each is, and
// which rows are on screen. Pure, so 80x24 and odd sizes are tested without a terminal.
import type { Column } from './views/view.js'

/** Spaces between two columns. */
export const GAP = 1
/** The cursor/selection marker before each row. */
export const MARKER = 2

/** The width each column gets (0: dropped), for a table `width` cells wide. */
export function columnWidths(columns: readonly Column[], width: number): number[] {
  const avail = width - MARKER
  const kept = columns.map(() => true)
  const need = () => columns.reduce((sum, c, i) => sum + (kept[i] ? c.min + GAP : 0), -GAP)
  // Drop the most expendable columns until the narrowest layout fits.
  while (need() > avail) {
    let worst = -1
    columns.forEach((c, i) => {
      if (kept[i] && c.drop > 0 && (worst < 0 || c.drop > columns[worst].drop)) worst = i
    })
    if (worst < 0) break // only essential columns left: they get cut instead
    kept[worst] = false
  }
  const widths = columns.map((c, i) => (kept[i] ? c.min : 0))
  let spare = avail - need()
  // Share what is left, one cell at a time, among columns below their max (unbounded ones last and longest).
  for (let grew = true; spare > 0 && grew; ) {
    grew = false
    for (let i = 0; i < columns.length && spare > 0; i++) {
      if (!kept[i] || widths[i] >= (columns[i].max ?? Infinity)) continue
      widths[i]++
      spare--
      grew = true
    }
  }
  // Too narrow even for the essential columns: shrink the widest ones.
  while (spare < 0) {
    const i = widths.indexOf(Math.max(...widths))
    if (widths[i] <= 1) break
    widths[i]--
    spare++
  }
  return widths
}

/**
 * The first row on screen: the previous one, moved just enough to keep the
 * cursor visible, and never leaving empty lines below the last row.
 */
export function scrollTop(cursor: number, previousTop: number, height: number, count: number): number {
  if (height <= 0 || count <= 0) return 0
  let top = Math.min(previousTop, Math.max(0, count - height))
  if (cursor < top) top = cursor
  if (cursor >= top + height) top = cursor - height + 1
  return Math.max(0, top)
}
