// Names and numbers of the state file that code needs at run time. Kept apart
// from schema.ts so that reading the store does not load zod (start-up time):
// the schema is only needed to validate a write.
import type { State } from './schema.js'

/** Schema version of state.json; bump it and add a migration in migrations.ts. */
export const SCHEMA_VERSION = 4

/** Placement's standard resource classes that homenova tracks. */
export const RESOURCE_CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const


/** The project everything belongs to until identity (projects, users) exists. */
export const DEFAULT_PROJECT = 'admin'
/** The user everything is done as until identity exists. */
export const DEFAULT_USER = 'admin'

/** Server group policies, as Nova names them. */
export const GROUP_POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const

/** Nova's power_state numbers. */
export const POWER_STATE = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const

/** The state of a store that has never been written. */
export function emptyState(): State {
  return {
    version: SCHEMA_VERSION,
    generation: 0,
    flavorsSeeded: false,
    hosts: [],
    flavors: [],
    images: [],
    servers: [],
    allocations: [],
    tasks: [],
    requestSpecs: [],
    actions: [],
    fakeDomains: [],
    aggregates: [],
    serverGroups: [],
    keypairs: [],
    consoleAuthTokens: [],
    quotas: { defaults: {}, projects: {} },
    config: {},
  }
}
