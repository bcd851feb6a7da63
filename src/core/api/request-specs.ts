// Nova's RequestSpec, persisted once when a request is accepted: the schedule,
// a reschedule and later moves read it instead of re-deriving the request.
import type { State, StoredRequestSpec } from '../store/schema.js'

/** The request spec of a server; a missing one is a bug (every accepted server has one). */
export function requestSpecOf(state: State, serverId: string): StoredRequestSpec {
  const spec = state.requestSpecs.find((r) => r.instanceId === serverId)
  if (!spec) throw new Error(`Server ${serverId} has no request spec`)
  return spec
}

/**
 * The request spec a move schedules with (unshelve, evacuation, resize): a host forced
 * at create is not forced again, so the scheduler picks anew (Nova's
 * RequestSpec.reset_forced_destinations). A move that forces a host says so itself.
 */
export function rescheduleSpecOf(state: State, serverId: string): Omit<StoredRequestSpec, 'forcedHost'> {
  const { forcedHost: _created, ...spec } = requestSpecOf(state, serverId)
  return spec
}

/** Drops the request specs of servers that are gone, as Nova does when an instance is purged. */
export function dropRequestSpec(state: State, serverId: string): void {
  state.requestSpecs = state.requestSpecs.filter((r) => r.instanceId !== serverId)
}
