// Nova's _poll_unconfirmed_resizes: a resize or migration left in
// VERIFY_RESIZE longer than resize_confirm_window seconds (0: never) is
// confirmed by the conductor, recorded as done by homenova itself.
import { acceptSimple } from '../api/server-actions.js'
import type { Clock } from '../clock.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { Store } from '../store/store.js'

/** Who confirms: the auto-confirm, in the server's own project. */
export const AUTO_CONFIRM_USER = 'homenova-auto-confirm'

/** Queues a confirm for every resize waiting longer than the window; returns how many. */
export async function confirmOverdueResizes(store: Store, clock: Clock): Promise<number> {
  const state = await store.read()
  const windowMs = schedulerConfig(state.config).resize_confirm_window * 1000
  const overdue = (at: string) => windowMs > 0 && clock.now() - Date.parse(at) >= windowMs
  if (!state.servers.some((s) => s.vmState === 'resized' && s.taskState === null && s.migration && overdue(s.migration.at))) return 0
  return store.transact((s) => {
    let count = 0
    for (const server of s.servers) {
      if (server.vmState !== 'resized' || server.taskState !== null || !server.migration || !overdue(server.migration.at) || server.locked) continue
      acceptSimple(s, server, { projectId: server.projectId, userId: AUTO_CONFIRM_USER, roles: [] }, 'confirm_resize')
      count++
    }
    return count
  })
}
