// Progress lines for commands that follow a task (`--wait`). Plain lines, not
// ink: they read well in a terminal, in a log and in CI, and cost no start-up.
import type { ProgressEvent } from '../core/conductor/context.js'

const LABELS: Record<string, string> = {
  schedule: 'scheduled on',
  claimed: 'resources claimed',
  image: 'image',
  active: 'ACTIVE on',
  destroyed: 'domain destroyed on',
  deleted: 'deleted',
  failed: 'FAILED:',
}

/** A progress printer that prefixes each line with the seconds since `start`. */
export function progressPrinter(log: (line: string) => void, start = Date.now()): (event: ProgressEvent) => void {
  return (event) => {
    const secs = ((Date.now() - start) / 1000).toFixed(1).padStart(5)
    log(`[${secs}s] ${event.serverName}: ${LABELS[event.step] ?? event.step}${event.detail ? ` ${event.detail}` : ''}`)
  }
}
