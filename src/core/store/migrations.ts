// Upgrades an older state file, one schema version at a time, before it is validated.
// Each entry bumps SCHEMA_VERSION in constants.ts by one.
import { randomUUID } from 'node:crypto'
import { UserError } from '../errors.js'
import { sanitizeHostname } from '../model/hostname.js'
import { nicMac, USER_NETWORK, userNetwork } from '../model/networks.js'
import { SCHEMA_VERSION } from './constants.js'

/** Parsed JSON of a state file, before validation. */
export type RawState = Record<string, unknown>

/** One step: turns a version `from` state into a version `from + 1` state. */
export interface Migration {
  from: number
  up(state: RawState): RawState
}

type Row = Record<string, unknown>
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : [])

/**
 * 1 -> 2: the lifecycle issue. Servers gain user, metadata, description and
 * lock; their scheduler hints move into a request spec per server (Nova's
 * RequestSpec); tasks gain a request id, a resume point and their kind's own
 * fields; instance actions start empty. Tasks resume from their first step,
 * which is safe because every step is idempotent.
 */
const toV2: Migration = {
  from: 1,
  up(state) {
    const servers = rows(state.servers)
    const tasks = rows(state.tasks)
    const requestSpecs = servers.map((s) => ({
      instanceId: s.id,
      flavor: s.flavor,
      imageId: s.imageId,
      projectId: s.projectId,
      userId: 'admin',
      numInstances: 1,
      ...(typeof s.availabilityZone === 'string' ? { availabilityZone: s.availabilityZone } : {}),
      ...(tasks.find((t) => t.kind === 'schedule' && (Array.isArray(t.batch) ? t.batch : [t.serverId]).includes(s.id))?.request as Row | undefined),
      hints: s.hints ?? {},
    }))
    return {
      ...state,
      servers: servers.map(({ hints: _hints, ...s }) => ({ ...s, userId: 'admin', properties: {}, description: null, locked: false })),
      tasks: tasks.map(({ request: _request, batch, alternates, ...t }) => ({
        ...t,
        requestId: `req-${randomUUID()}`,
        resumeAt: 0,
        ...(t.kind === 'schedule' ? { batch: batch ?? [t.serverId] } : {}),
        ...(t.kind === 'build' ? { alternates: alternates ?? [] } : {}),
        ...(t.kind === 'delete' ? { force: false } : {}),
      })),
      requestSpecs,
      actions: [],
    }
  },
}

/**
 * 2 -> 3: guests you can log into. Keypairs start empty; servers gain a
 * hostname (from their name, as Nova makes it), no key and no user data, and
 * no config drive: they were built without one, and a later rebuild or move
 * must not attach a drive the guest never had.
 * Images gain Glance's fields (min_disk, min_ram, visibility, protected, an md5
 * that stays unknown).
 */
const toV3: Migration = {
  from: 2,
  up(state) {
    return {
      ...state,
      keypairs: [],
      // Images: Glance's fields, with Glance's defaults; the md5 was never taken.
      images: rows(state.images).map((i) => ({
        ...i,
        md5: null,
        minDisk: 0,
        minRam: 0,
        visibility: 'shared',
        protected: false,
        updatedAt: i.createdAt,
      })),
      servers: rows(state.servers).map((s) => ({
        ...s,
        hostname: sanitizeHostname(String(s.name), String(s.id)),
        keyName: null,
        keyData: null,
        userData: null,
        files: [],
        configDrive: false,
        launchIndex: 0,
        addresses: {},
      })),
    }
  },
}

/**
 * 3 -> 4: browser consoles. Console authorizations (Nova's consoleauth tokens)
 * start empty.
 * Networks: every server so far has one NIC on the user-mode network, with the
 * MAC it always had, and asked for that network; hosts offer it until their
 * next probe (`host refresh`) finds their bridges and libvirt networks.
 */
const toV4: Migration = {
  from: 3,
  up(state) {
    return {
      ...state,
      consoleAuthTokens: [],
      hosts: rows(state.hosts).map((h) => ({ ...h, networks: [userNetwork()] })),
      servers: rows(state.servers).map((s) => ({ ...s, nics: [{ network: USER_NETWORK, mac: nicMac(String(s.id), 0) }] })),
      requestSpecs: rows(state.requestSpecs).map((r) => ({ ...r, networks: [USER_NETWORK] })),
    }
  },
}

/** Every migration this program knows, oldest first. */
export const MIGRATIONS: readonly Migration[] = [toV2, toV3, toV4]

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
