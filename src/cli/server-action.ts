// What every server action command shares: several servers per call (as
// openstack's commands take them), --wait to do the work here with progress,
// a line per server, and a non-zero exit if any server was refused or failed.
import type { ActionResults } from '../core/api/compute-api.js'
import type { Services } from '../core/services.js'
import { UserError } from '../core/errors.js'
import { serverStatus } from '../core/model/lifecycle.js'
import { progressPrinter } from './progress.js'

/** One server's outcome as `--json` prints it. */
export interface ActionOutcome {
  id?: string
  name: string
  status?: string
  error?: string
}

/** Hooks into the command that runs the action. */
export interface ActionIo {
  log: (line: string) => void
  warn: (line: string) => void
  json: boolean
}

/**
 * Waits (or detaches), then reports each server: its status, or why it was
 * refused or failed. Throws a UserError after reporting if any did not succeed.
 */
export async function finishAction(services: Services, accepted: ActionResults, options: { wait: boolean; verb: string }, io: ActionIo): Promise<ActionOutcome[]> {
  const { results, handle } = accepted
  const failedTasks = new Map<string, string>()
  if (options.wait) {
    for (const task of await handle.wait(progressPrinter(io.log))) if (task.status === 'failed') failedTasks.set(task.serverId, task.error ?? 'failed')
  } else handle.detach()
  const state = await services.store.read()
  const single = results.length === 1
  const outcomes: ActionOutcome[] = results.map((r) => {
    if ('error' in r) {
      if (single) throw r.error // printed by the base command, as JSON under --json
      io.warn(`Error: ${r.error.message}${r.error.hint ? `\nHint: ${r.error.hint}` : ''}`)
      return { name: r.ref, error: r.error.message }
    }
    const server = state.servers.find((s) => s.id === r.server.id) ?? r.server
    const status = serverStatus(server)
    const failed = failedTasks.get(server.id)
    if (failed) {
      const message = `${capitalize(options.verb)} of ${server.name} failed: ${server.fault?.message ?? failed}`
      if (single) throw new UserError(message, { hint: 'See `homenova server event list` for what happened; fix the cause and try again.' })
      io.warn(`Error: ${message}`)
      return { id: server.id, name: server.name, status, error: failed }
    }
    if (!io.json) io.log(options.wait ? `${server.name}: ${status}` : `${capitalize(options.verb)} of ${server.name} (${server.id}) accepted; status ${status}`)
    return { id: server.id, name: server.name, status }
  })
  // Several servers: each problem was printed above; the exit status says some did not succeed.
  if (outcomes.some((o) => o.error)) process.exitCode = 1
  return outcomes
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
