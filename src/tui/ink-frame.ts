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
  // The styles of each run of text of a line's skeleton (#asciiCellsOf): the rows of a table share a few.
  readonly #skeletons = new TwoGenerations<StyleCode[][]>(1000)
  // Cells and style arrays of equal content, shared (reset past a bound: only sharing is lost).
  // Cells are found by style, then by character, so a run of text in one style looks its style up once.
  #cells = new Map<string, Map<string, Cell>>()
  #cellCount = 0
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
    if (this.#cellCount > 20_000) {
      this.#cells = new Map()
      this.#cellCount = 0
    }
    if (this.#styles.size > 2_000) this.#styles = new Map()
    return this.#asciiCellsOf(line) ?? this.#anyCellsOf(line)
  }

  // Most lines the dashboard draws are printable ASCII and SGR codes (a table
  // row is one coloured string). In those, every character is one grapheme of
  // one column, and all characters between two codes have one style; so ink's
  // tokenizer (a grapheme segmenter making an object per character, then a copy
  // of the style stack per character) runs only on the line's skeleton: its codes
  // with an `x` for each run of text, which the rows of a table share. That took
  // the filter key that replaces every row from ~11 ms of work here to ~1 ms. Any
  // other line (wide or combining characters, controls, a code other than SGR)
  // goes the whole way.
  #asciiCellsOf(line: string): Cell[] | undefined {
    let skeleton = ''
    const runs: number[] = [] // start and end of each run of text
    for (let i = 0; i < line.length; ) {
      if (line.charCodeAt(i) === ESC) {
        const end = sgrEnd(line, i)
        if (end < 0) return undefined
        skeleton += line.slice(i, end)
        i = end
        continue
      }
      if (!printableAscii(line.charCodeAt(i))) return undefined
      let end = i + 1
      while (end < line.length && printableAscii(line.charCodeAt(end))) end++
      skeleton += 'x'
      runs.push(i, end)
      i = end
    }
    const styled = this.#skeletons.get(skeleton, (k) => this.ink.styledCharsFromTokens(this.ink.tokenize(k)).map((char) => char.styles))
    if (styled.length * 2 !== runs.length) return undefined
    const cells: Cell[] = []
    for (let r = 0; r < styled.length; r++) {
      const [styles, ofStyle] = this.#style(styled[r])
      for (let i = runs[2 * r]; i < runs[2 * r + 1]; i++) cells.push(this.#cell(line[i], false, styles, ofStyle))
    }
    return cells
  }

  // ink's way: each character, then for a character wider than one column as
  // many empty cells of its style.
  #anyCellsOf(line: string): Cell[] {
    const cells: Cell[] = []
    for (const char of this.ink.styledCharsFromTokens(this.ink.tokenize(line))) {
      const [styles, ofStyle] = this.#style(char.styles)
      cells.push(this.#cell(char.value, char.fullWidth, styles, ofStyle))
      const width = Math.max(1, this.getStringWidth(char.value))
      for (let i = 1; i < width; i++) cells.push(this.#cell('', false, styles, ofStyle))
    }
    return cells
  }

  /** The shared array of styles equal to `styles`, and the cells of that style. */
  #style(styles: StyleCode[]): [StyleCode[], Map<string, Cell>] {
    let key = ''
    for (const code of styles) key += `${code.code}\u0001${code.endCode}\u0002`
    let shared = this.#styles.get(key)
    if (!shared) this.#styles.set(key, (shared = styles))
    let ofStyle = this.#cells.get(key)
    if (!ofStyle) this.#cells.set(key, (ofStyle = new Map()))
    return [shared, ofStyle]
  }

  // A cell's width follows from its character, so the character and style find it.
  #cell(value: string, fullWidth: boolean, styles: StyleCode[], ofStyle: Map<string, Cell>): Cell {
    let cell = ofStyle.get(value)
    if (!cell) {
      ofStyle.set(value, (cell = { type: 'char', value, fullWidth, styles }))
      this.#cellCount++
    }
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

const ESC = 0x1b

function printableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e
}

/** Where the SGR code (ESC [ digits and semicolons m) at `i` ends, or -1 if none starts there. */
function sgrEnd(line: string, i: number): number {
  if (line.charCodeAt(i + 1) !== 0x5b) return -1
  let j = i + 2
  while (j < line.length) {
    const code = line.charCodeAt(j)
    if (code === 0x6d) return j + 1
    if (code !== 0x3b && (code < 0x30 || code > 0x39)) return -1
    j++
  }
  return -1
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
