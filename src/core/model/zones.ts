// Availability zones as Nova derives them: a zone is an aggregate's
// `availability_zone` metadata, and a host in no zoned aggregate is in
// default_availability_zone ("nova").
import { schedulerConfig } from '../scheduler/config.js'
import type { State } from '../store/schema.js'

/** The zone a host is in. */
export function hostZone(state: Pick<State, 'aggregates' | 'config'>, hostId: string): string {
  const zone = state.aggregates.find((a) => a.hostIds.includes(hostId) && a.metadata.availability_zone)?.metadata.availability_zone
  return zone ?? schedulerConfig(state.config).default_availability_zone
}

/**
 * A server's zone: the one it asked for, else its host's (Nova's conductor records
 * the host's zone on the instance when it schedules one that asked for none);
 * none until it has a host.
 */
export function serverZone(state: Pick<State, 'aggregates' | 'config'>, server: { availabilityZone: string | null; host: string | null }): string | null {
  return server.availabilityZone ?? (server.host === null ? null : hostZone(state, server.host))
}
