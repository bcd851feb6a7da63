// How `image replicate dump|load|compare` show what they did: one row per image.
import type { ReplicaOutcome } from '../core/images/replicate.js'

/** The columns of the replicate verbs. */
export const REPLICA_HEAD = ['ID', 'Name', 'Action', 'Detail'] as const

/** One row of a replicate verb. */
export function replicaRow(o: ReplicaOutcome): string[] {
  return [o.id, o.name, o.action, o.detail]
}
