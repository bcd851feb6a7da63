// A byte progress bar for downloads, drawn on stderr only when stderr is a
// terminal (a pipe or a log file gets nothing), redrawn in place at most ten
// times a second, and cleared when the transfer ends.
import type { DownloadProgress } from '../core/images/download.js'

/** A progress bar and the function that clears it. */
export interface ByteProgress {
  update: DownloadProgress
  done: () => void
}

const MiB = 1024 * 1024

/** Bytes in MiB with one decimal. */
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`

/** The bar's text for `received` of `total` bytes (pure: unit-testable). */
export function progressLine(label: string, received: number, total: number | undefined, width = 30): string {
  if (total === undefined || total === 0) return `${label} ${mib(received)}`
  const fraction = Math.min(1, received / total)
  const filled = Math.round(fraction * width)
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${mib(received)} of ${mib(total)}`
}

/** A bar on `stream` (default stderr) if it is a terminal, else a silent one. */
export function byteProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ByteProgress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} }
  let last = 0
  let drawn = false
  return {
    update(received, total) {
      const now = Date.now()
      if (now - last < 100 && received !== total) return
      last = now
      drawn = true
      stream.write(`\r${progressLine(label, received, total)}\u001b[K`)
    },
    done() {
      if (drawn) stream.write('\r\u001b[K')
    },
  }
}
