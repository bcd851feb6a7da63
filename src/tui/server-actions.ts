// What the dashboard's action keys do to servers: the same ComputeApi calls
// as the CLI commands (src/commands/server/*.ts), and refusals worded as the
// CLI words them (`Error: ...` and `Hint: ...`).
import type { ActionResults, ComputeApi } from '../core/api/compute-api.js'
import type { UserError } from '../core/errors.js'

/** The server actions of the dashboard. */
export type ServerActionName = 'start' | 'stop' | 'reboot_soft' | 'reboot_hard' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'lock' | 'unlock' | 'delete'

/** How an action reads and whether it asks first. */
export interface ServerActionSpec {
  /** As the CLI's messages say it ("Stop of vm1 accepted"). */
  verb: string
  /** Destructive: the dashboard asks before doing it. */
  confirm: boolean
  run: (compute: ComputeApi, ids: string[]) => Promise<ActionResults>
}

/** Each action, through the ComputeApi method its CLI command uses. */
export const SERVER_ACTIONS: Record<ServerActionName, ServerActionSpec> = {
  start: { verb: 'start', confirm: false, run: (c, ids) => c.powerAction(ids, 'start') },
  stop: { verb: 'stop', confirm: true, run: (c, ids) => c.powerAction(ids, 'stop') },
  reboot_soft: { verb: 'reboot', confirm: false, run: (c, ids) => c.powerAction(ids, 'reboot_soft') },
  reboot_hard: { verb: 'hard reboot', confirm: true, run: (c, ids) => c.powerAction(ids, 'reboot_hard') },
  pause: { verb: 'pause', confirm: false, run: (c, ids) => c.powerAction(ids, 'pause') },
  unpause: { verb: 'unpause', confirm: false, run: (c, ids) => c.powerAction(ids, 'unpause') },
  suspend: { verb: 'suspend', confirm: false, run: (c, ids) => c.powerAction(ids, 'suspend') },
  resume: { verb: 'resume', confirm: false, run: (c, ids) => c.powerAction(ids, 'resume') },
  lock: { verb: 'lock', confirm: false, run: (c, ids) => c.lockServers(ids) },
  unlock: { verb: 'unlock', confirm: false, run: (c, ids) => c.unlockServers(ids) },
  delete: { verb: 'delete', confirm: true, run: (c, ids) => c.deleteServers(ids) },
}

/** A UserError as the CLI prints it: `Error: message`, then `Hint: hint` when there is one. */
export function errorText(err: Pick<UserError, 'message' | 'hint'>): string {
  return `Error: ${err.message}${err.hint ? `\nHint: ${err.hint}` : ''}`
}

/** What came of an action: how many servers took it, and each refusal as the CLI prints it. */
export interface ActionReport {
  accepted: number
  errors: string[]
}

/**
 * Runs an action on servers (by id); the tasks it queues are run by the
 * dashboard's conductor. A refusal is reported, not thrown; anything else is a bug and is thrown.
 */
export async function runServerAction(compute: ComputeApi, name: ServerActionName, ids: string[]): Promise<ActionReport> {
  const { results } = await SERVER_ACTIONS[name].run(compute, ids)
  const errors = results.flatMap((r) => ('error' in r ? [errorText(r.error)] : []))
  return { accepted: results.length - errors.length, errors }
}
