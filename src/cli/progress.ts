// Progress lines for commands that wait on a task (`--wait`). Plain lines, not
// ink: they read well in a terminal, in a log and in CI, and cost no start-up.
import type { TaskEvent } from '../core/conductor/context.js'

const LABELS: Record<string, string> = {
  schedule: 'scheduled on',
  image: 'image',
  spawn: 'ACTIVE on',
  destroy: 'deleted',
  power: 'done',
  reschedule: 'rescheduled to',
  rebuild: 'rebuilt from',
  queue: 'snapshot queued',
  export: 'snapshot saved:',
  'power-off': 'power off:',
  offload: 'SHELVED_OFFLOADED,',
  'delete-snapshot': 'shelve snapshot deleted',
  rescue: 'RESCUE with',
  unrescue: 'ACTIVE',
  'migrate-out': 'set aside on the source',
  'migrate-in': 'VERIFY_RESIZE:',
  confirm: 'confirmed;',
  revert: 'reverted,',
  done: 'done',
  failed: 'FAILED:',
  abandoned: 'stopped:',
}
// What the one step of a power task means, by task kind.
const POWER_LABELS: Record<string, string> = {
  start: 'ACTIVE', stop: 'SHUTOFF,', reboot: 'rebooted', pause: 'PAUSED', unpause: 'ACTIVE', suspend: 'SUSPENDED', resume: 'ACTIVE',
}

/** A progress printer that prefixes each line with the seconds since `start`. */
export function progressPrinter(log: (line: string) => void, start = Date.now()): (event: TaskEvent) => void {
  return (event) => {
    if (event.phase === 'succeeded') return // the last step's line already says where it ended
    const secs = ((Date.now() - start) / 1000).toFixed(1).padStart(5)
    const label = event.step === 'power' ? POWER_LABELS[event.kind] : (LABELS[event.step] ?? event.step)
    log(`[${secs}s] ${event.serverName}: ${label}${event.detail ? ` ${event.detail}` : ''}`)
  }
}
