// What the dashboard's action keys do to servers: the same ComputeApi calls
// as the CLI commands (src/commands/server/*.ts), and refusals worded as the
// CLI words them (`Error: ...` and `Hint: ...`).
import type { ActionResults, ComputeApi } from '../core/api/compute-api.js'
import { UserError } from '../core/errors.js'
import type { Server, State } from '../core/store/schema.js'
import type { Caller } from '../core/api/caller.js'
import { acceptMove, acceptRebuild, acceptRescue, acceptSnapshot } from '../core/api/server-actions.js'
import { checkCreate, submitCreate, type CreateCheck, type CreateValues } from './forms/create.js'

/** The server actions of the dashboard. */
export type ServerActionName =
  | 'start' | 'stop' | 'reboot_soft' | 'reboot_hard' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'lock' | 'unlock' | 'delete'
  | 'unrescue' | 'shelve' | 'unshelve' | 'migrate' | 'live_migrate' | 'confirm_resize' | 'revert_resize'

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
  unrescue: { verb: 'unrescue', confirm: false, run: (c, ids) => c.simpleAction(ids, 'unrescue') },
  // Shelving powers the guest off and frees its host; a migration moves it (both ask first).
  shelve: { verb: 'shelve', confirm: true, run: (c, ids) => c.shelveServers(ids) },
  unshelve: { verb: 'unshelve', confirm: false, run: (c, ids) => c.simpleAction(ids, 'unshelve') },
  migrate: { verb: 'migrate', confirm: true, run: (c, ids) => c.migrateServers(ids) },
  live_migrate: { verb: 'live-migrate', confirm: true, run: (c, ids) => c.liveMigrateServers(ids) },
  confirm_resize: { verb: 'confirm resize', confirm: false, run: (c, ids) => c.simpleAction(ids, 'confirm_resize') },
  // Reverting throws away what the guest wrote since the resize.
  revert_resize: { verb: 'revert resize', confirm: true, run: (c, ids) => c.simpleAction(ids, 'revert_resize') },
}

/** The actions that take an argument the dashboard asks for (a flavor, an image, a name). */
export type ArgActionName = 'resize' | 'rebuild' | 'rescue' | 'snapshot'

/** How an action with an argument reads and calls core. */
export interface ArgActionSpec {
  verb: string
  /** Asks again once the argument is chosen (rebuild: the disk is lost). */
  confirm: boolean
  /** The ComputeApi call of its CLI command, for one server. */
  run: (compute: ComputeApi, id: string, arg: string) => Promise<ActionResults>
  /** The check and record that call makes in its transaction (core's accept function), for the prompt to try as the argument is typed. */
  accept: (state: State, server: Server, caller: Caller, arg: string) => void
}

/**
 * The CLI's `server resize --flavor`, `server rebuild --image`, `server rescue
 * [--image]` and `server image create --name`: each takes one server, so
 * several selected servers are each sent their own call.
 */
export const ARG_ACTIONS: Record<ArgActionName, ArgActionSpec> = {
  resize: { verb: 'resize', confirm: false, run: (c, id, flavor) => c.resizeServer(id, flavor), accept: (s, server, caller, flavor) => acceptMove(s, server, caller, { flavor }) },
  // No image: its own, as the CLI's default.
  rebuild: {
    verb: 'rebuild',
    confirm: true,
    run: (c, id, image) => c.rebuildServer(id, { image: image || undefined }),
    accept: (s, server, caller, image) => acceptRebuild(s, server, caller, { image: image || undefined }),
  },
  // No image: the CLI's default (the image's hw_rescue_image, else its own image).
  rescue: { verb: 'rescue', confirm: false, run: (c, id, image) => c.rescueServer(id, image || undefined), accept: (s, server, caller, image) => acceptRescue(s, server, caller, image || undefined) },
  // The scratch image's file path is never used: the home is not needed to try it.
  snapshot: { verb: 'snapshot', confirm: false, run: (c, id, name) => c.createServerImage(id, name), accept: (s, server, caller, name) => acceptSnapshot(s, '', server, caller, name) },
}

/**
 * The argument each server is sent: the one chosen, except that snapshots of
 * several servers are told apart by the server's name (`NAME-web-1`), since
 * one name for all would make every image but one unreachable by name.
 */
export function argFor(name: ArgActionName, arg: string, serverName: string, count: number): string {
  return name === 'snapshot' && count > 1 ? `${arg}-${serverName}` : arg
}

/** Runs an action with an argument on servers (by id, with their names), one core call each, reported as runServerAction reports. */
export async function runArgAction(compute: ComputeApi, name: ArgActionName, targets: Array<{ id: string; name: string }>, arg: string): Promise<ActionReport> {
  const report: ActionReport = { accepted: 0, errors: [] }
  for (const t of targets) {
    try {
      const { results } = await ARG_ACTIONS[name].run(compute, t.id, argFor(name, arg, t.name, targets.length))
      for (const r of results) {
        if ('error' in r) report.errors.push(errorText(r.error))
        else report.accepted++
      }
    } catch (err) {
      // A refusal of the argument itself (no such flavor, bad name) is thrown before any server is looked at.
      if (!isUserError(err)) throw err
      report.errors.push(errorText(err))
    }
  }
  return report
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

function isUserError(err: unknown): err is UserError {
  return err instanceof UserError
}

/** What the dashboard's prompts and create form do (part of DashboardActions). */
export interface FormActions {
  argAction(name: ArgActionName, targets: Array<{ id: string; name: string }>, arg: string): Promise<ActionReport>
  checkCreate(values: CreateValues): Promise<CreateCheck>
  createServers(values: CreateValues): Promise<{ ids: string[]; names: string[] }>
}

/** The form actions over a ComputeApi; `reload` makes what was accepted show at once (the live store's re-read). */
export function formActions(compute: ComputeApi, state: () => State | null, reload: () => Promise<void>): FormActions {
  return {
    async argAction(name, targets, arg) {
      const report = await runArgAction(compute, name, targets, arg)
      await reload()
      return report
    },
    async checkCreate(values) {
      const current = state()
      if (!current) return { ok: false, error: 'Error: the store has not been read yet' }
      return checkCreate(compute, current, values)
    },
    async createServers(values) {
      const made = await submitCreate(compute, values)
      await reload()
      return made
    },
  }
}
