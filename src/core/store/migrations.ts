// Upgrades an older state file, one schema version at a time, before it is validated.
// Version 1 is the first, so the list is empty; the mechanism is here so the first
// schema change only has to add an entry (and bump SCHEMA_VERSION in constants.ts).
import { UserError } from '../errors.js'
import { SCHEMA_VERSION } from './constants.js'

/** Parsed JSON of a state file, before validation. */
export type RawState = Record<string, unknown>

/** One step: turns a version `from` state into a version `from + 1` state. */
export interface Migration {
  from: number
  up(state: RawState): RawState
}

/** Every migration this program knows, oldest first. */
export const MIGRATIONS: readonly Migration[] = []

/**
 * Brings a parsed state file up to `target`. Anything that is not an object with an
 * integer version is returned as is, for the schema to reject.
 */
export function migrateState(raw: unknown, file: string, migrations: readonly Migration[] = MIGRATIONS, target = SCHEMA_VERSION): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  let state = raw as RawState
  const version = state.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return raw
  if (version > target) {
    throw new UserError(`${file} has schema version ${version}, newer than this homenova knows (${target})`, {
      hint: 'A newer homenova wrote it. Upgrade homenova; this one will not read or change the file.',
    })
  }
  for (let at = version; at < target; at++) {
    const step = migrations.find((m) => m.from === at)
    // A gap in the list is a bug in this program, not in the user's file.
    if (!step) throw new Error(`no migration from state schema version ${at} to ${at + 1}`)
    state = { ...step.up(state), version: at + 1 }
  }
  return state
}
