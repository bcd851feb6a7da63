// Which servers an operator sees.
import type { Server, State } from '../store/schema.js'

/** The servers an operator sees (deleted ones are hidden, as in Nova). */
export function visibleServers(state: State): Server[] {
  return state.servers.filter((s) => s.vmState !== 'deleted')
}

/**
 * Servers in the order Nova lists them: newest first (created_at descending).
 * Servers made at the same instant (one create with --min-count) come last made
 * first, as the store holds them in the order they were made.
 */
export function newestFirst(servers: readonly Server[]): Server[] {
  return servers
    .map((server, at) => ({ server, at }))
    .sort((a, b) => (a.server.createdAt < b.server.createdAt ? 1 : a.server.createdAt > b.server.createdAt ? -1 : b.at - a.at))
    .map((x) => x.server)
}
