// What ink's Output (the screen of one frame) keeps from frame to frame, in the
// dashboard's bundled ink: inkCachesPlugin in scripts/build.mjs patches ink's
// output.js to use this. Nothing else imports it.
//
// Why: ink draws every frame from scratch. Each line of text is tokenized into
// one object per character, laid into a grid of the whole screen (one fresh
// object per blank cell too), and each of the grid's rows is turned back into a
// string of text and escape codes, comparing the styles of every pair of
// neighbouring characters. On the dashboard (120x40) that was ~10 ms of a
// cursor move's ~17 ms of CPU, though a move changes two rows. Here:
// - a line's cells are made once and kept while the line is drawn (two
//   generations of lines, so a working set of a few screens never thrashes);
//   cells of equal character and style are one object, and equal styles one array;
// - blank cells are one shared object;
// - a row whose cells are the very objects of a row of the frame before (same
//   place, or one row up or down, as when the table scrolls by a line) takes
//   that row's text instead of being stringified again;
// - a row that is stringified compares styles only where they change.
// All of it is exact: the text is what ink's own code makes (the unit test
// compares both on random frames). ink's functions come in from ink's own
// imports (its versions of string-width and ansi-tokenize).

/** A style code as @alcalzone/ansi-tokenize makes it. */
export interface StyleCode {
  type: 'ansi'
  code: string
  endCode: string
}

/** One cell of ink's grid (its StyledChar). */
export interface Cell {
  type: 'char'
  value: string
  fullWidth: boolean
  styles: StyleCode[]
}

type Token = StyleCode | { type: 'char'; value: string; fullWidth: boolean }

/** The functions of ink's dependencies this needs. */
export interface InkTextFunctions {
  tokenize(text: string): Token[]
  styledCharsFromTokens(tokens: Token[]): Cell[]
  stringWidth(text: string): number
  ansiCodesToString(codes: StyleCode[]): string
  diffAnsiCodes(from: StyleCode[], to: StyleCode[]): StyleCode[]
}

/** ink's empty cell; never changed, so every blank cell of every frame is this one. */
export const BLANK: Cell = { type: 'char', value: ' ', fullWidth: false, styles: [] }

/** A map that forgets in generations: past `limit` entries the older half goes. */
class TwoGenerations<V> {
  #young = new Map<string, V>()
  #old = new Map<string, V>()
  constructor(private readonly limit: number) {}

  get(key: string, make: (key: string) => V): V {
    let value = this.#young.get(key)
    if (value !== undefined) return value
    value = this.#old.get(key) ?? make(key)
    if (this.#young.size >= this.limit) {
      this.#old = this.#young
      this.#young = new Map()
    }
    this.#young.set(key, value)
    return value
  }
}

/** The caches one ink process shares across its frames (ink's OutputCaches, plus rows). */
export class FrameCaches {
  // A line's cells: ~40 lines a frame, so 400 cover ten screens (an array each; the cells are shared).
  readonly #lines = new TwoGenerations<Cell[]>(400)
  readonly #widths = new TwoGenerations<number>(5000)
  readonly #blockWidths = new TwoGenerations<number>(1000)
  // Cells and style arrays of equal content, shared (reset past a bound: only sharing is lost).
  #cells = new Map<string, Cell>()
  #styles = new Map<string, StyleCode[]>()
  #lastRows: Cell[][] = []
  #lastTexts: string[] = []

  constructor(private readonly ink: InkTextFunctions) {}

  /** ink's OutputCaches.getStringWidth. */
  getStringWidth(text: string): number {
    return this.#widths.get(text, this.ink.stringWidth)
  }

  /** ink's OutputCaches.getWidestLine. */
  getWidestLine(text: string): number {
    return this.#blockWidths.get(text, (t) => {
      let widest = 0
      for (const line of t.split('\n')) widest = Math.max(widest, this.getStringWidth(line))
      return widest
    })
  }

  /**
   * Lays `line` into `row` from column `x` as ink does: each character, then for a
   * character wider than one column as many empty cells of its style.
   */
  place(row: Cell[], x: number, line: string): void {
    const cells = this.#lines.get(line, (l) => this.#cellsOf(l))
    for (let i = 0; i < cells.length; i++) row[x + i] = cells[i]
  }

  /** The rows as ink's Output.get() joins them: each stringified, its trailing blanks trimmed. */
  text(rows: Cell[][]): string {
    const texts: string[] = []
    for (let y = 0; y < rows.length; y++) {
      const row = rows[y]
      let text: string | undefined
      for (const before of [y, y + 1, y - 1]) {
        if (before >= 0 && before < this.#lastRows.length && sameCells(row, this.#lastRows[before])) {
          text = this.#lastTexts[before]
          break
        }
      }
      texts.push(text ?? this.#stringify(row))
    }
    this.#lastRows = rows
    this.#lastTexts = texts
    return texts.join('\n')
  }

  #cellsOf(line: string): Cell[] {
    if (this.#cells.size > 20_000) this.#cells = new Map()
    if (this.#styles.size > 2_000) this.#styles = new Map()
    const cells: Cell[] = []
    for (const char of this.ink.styledCharsFromTokens(this.ink.tokenize(line))) {
      let styleKey = ''
      for (const code of char.styles) styleKey += `${code.code}\u0001${code.endCode}\u0002`
      let styles = this.#styles.get(styleKey)
      if (!styles) this.#styles.set(styleKey, (styles = char.styles))
      const key = `${char.value}\u0000${styleKey}`
      let cell = this.#cells.get(key)
      if (!cell) this.#cells.set(key, (cell = { type: 'char', value: char.value, fullWidth: char.fullWidth, styles }))
      cells.push(cell)
      const width = Math.max(1, this.getStringWidth(char.value))
      for (let i = 1; i < width; i++) cells.push(this.#cell('', styles, styleKey))
    }
    return cells
  }

  #cell(value: string, styles: StyleCode[], styleKey: string): Cell {
    const key = `${value}\u0000${styleKey}`
    let cell = this.#cells.get(key)
    if (!cell) this.#cells.set(key, (cell = { type: 'char', value, fullWidth: false, styles }))
    return cell
  }

  // ink's styledCharsToString (and the trimEnd after it): the styles of two
  // neighbours are diffed only when they are not the same array, as a diff of
  // equal styles is empty. Holes (cells written past the row's end) are skipped, as ink does.
  #stringify(row: Cell[]): string {
    const { ansiCodesToString, diffAnsiCodes } = this.ink
    let out = ''
    let previous: StyleCode[] | undefined
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]
      if (cell === undefined) continue
      if (previous === undefined) out += ansiCodesToString(cell.styles)
      else if (cell.styles !== previous) out += ansiCodesToString(diffAnsiCodes(previous, cell.styles))
      out += cell.value
      previous = cell.styles
    }
    if (previous !== undefined) out += ansiCodesToString(diffAnsiCodes(previous, []))
    return out.trimEnd()
  }
}

function sameCells(a: Cell[], b: Cell[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Memoizes ink's widest-line for render-node-to-output (it measured every text node on every frame). */
export function memoWidestLine(widestLine: (text: string) => number): (text: string) => number {
  const widths = new TwoGenerations<number>(2000)
  return (text) => widths.get(text, widestLine)
}
