// Which servers an operator sees.
import type { Server, State } from '../store/schema.js'

/** The servers an operator sees (deleted ones are hidden, as in Nova). */
export function visibleServers(state: State): Server[] {
  return state.servers.filter((s) => s.vmState !== 'deleted')
}
