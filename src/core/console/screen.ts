// A guest's console screen as a terminal would show it, kept by @xterm/headless
// (a full terminal emulator without a display): cursor moves, clears and
// full-screen programs land where they would on a real screen, so a snapshot or
// a dashboard pane shows the screen, not the raw bytes.
import type { Terminal } from '@xterm/headless'

/** The screen of one console, fed with its output. */
export class ConsoleScreen {
  private constructor(private readonly term: Terminal) {}

  /** A blank screen of `cols` x `rows`; xterm loads only when a screen is made. */
  static async create(cols: number, rows: number): Promise<ConsoleScreen> {
    const { default: xterm } = await import('@xterm/headless')
    return new ConsoleScreen(new xterm.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true }))
  }

  /** Feeds output (bytes as the guest sent them); resolves once the screen shows it. */
  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => this.term.write(data, resolve))
  }

  /** The visible rows, trailing spaces removed. */
  rows(): string[] {
    const buffer = this.term.buffer.active
    const out: string[] = []
    for (let y = 0; y < this.term.rows; y++) out.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').trimEnd())
    return out
  }

  /** The visible screen as text, without the blank rows below the last written one. */
  text(): string {
    const rows = this.rows()
    while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop()
    return rows.join('\n')
  }

  /** Where the cursor is (0-based), for a caller that draws it. */
  cursor(): { x: number; y: number } {
    const buffer = this.term.buffer.active
    return { x: buffer.cursorX, y: buffer.cursorY }
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows)
  }

  dispose(): void {
    this.term.dispose()
  }
}
