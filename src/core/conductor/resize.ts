// Resize and cold migration (a resize to the same flavor on another host),
// then confirm or revert, as Nova does them:
// - schedule: the scheduler picks the destination from the server's request
//   spec with the new flavor (the current host only if allowed); the claim on
//   the source moves to a migration consumer and the server claims the new
//   flavor on the destination, so both are held until confirm;
// - migrate-out: the source powers the guest off and keeps its files aside;
// - migrate-in: the disk is copied through homenova's own SSH connections
//   (exported flattened, sha256 checked on arrival; hosts need no SSH trust
//   between them), grown to the new flavor and started: VERIFY_RESIZE.
// An interrupted resize is rolled back, as Nova's _init_instance does.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { completeAction, noValidHost, setServerState } from '../model/lifecycle.js'
import { homePaths } from '../paths.js'
import { rescheduleSpecOf } from '../api/request-specs.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import { POWER_STATE } from '../store/constants.js'
import type { Flavor, Server, State } from '../store/schema.js'
import { instanceRef, instanceSpec } from './context.js'
import { holdMoveClaims, hostNameOf, restoreMoveClaims, serverImageOf } from './lookups.js'
import { step, type Commit, type CommitResult, type Job, type Workflow } from './runner.js'
import { eventFinish } from './actions.js'
import { finish, type TaskOf } from './tasks.js'

type ResizeTask = TaskOf<'resize'>
type Migration = NonNullable<Server['migration']>


function pickDestination({ state, task, server, now }: Commit<ResizeTask>): CommitResult {
  const config = schedulerConfig(state.config)
  const image = serverImageOf(state, server)
  const stored = rescheduleSpecOf(state, server.id)
  // Nova's allow_resize_to_same_host (default off); a cold migration never stays.
  const sameHostAllowed = !task.migration && config.allow_resize_to_same_host
  const forcedHost = task.host
  const spec = buildRequestSpec(state, task.flavor, image, {
    projectId: stored.projectId,
    hints: stored.hints,
    ...(stored.availabilityZone ? { availabilityZone: stored.availabilityZone } : {}),
    ...(forcedHost ? { forcedHost } : {}),
    numInstances: 1,
    ignoreHostIds: sameHostAllowed ? [] : [server.host!],
    ignoreReason: { check: task.migration ? 'SourceHost' : 'CurrentHost', reason: `${server.name} is on it now; a ${task.migration ? 'migration' : 'resize'} goes to another host` },
    instanceId: server.id,
    networks: stored.networks,
  })
  const result = schedule(state, spec, config, { explain: false })
  if (result.failure !== undefined) {
    return { fail: noValidHost(server, result.failure, now) }
  }
  const dest = result.selections[0].host.host
  holdMoveClaims(state, server, dest.id, spec.resources)
  server.migration = {
    sourceHost: server.host!,
    destHost: dest.id,
    oldFlavor: server.flavor,
    newFlavor: task.flavor,
    oldVmState: server.vmState === 'stopped' ? 'stopped' : 'active',
    kind: task.migration ? 'migration' : 'resize',
    at: now,
  }
  setServerState(server, { taskState: 'resize_migrating' }, now)
  return `${hostNameOf(state, server.host)} -> ${dest.name}`
}

const migrationOf = (server: Server): Migration => {
  if (!server.migration) throw new Error(`Server ${server.name} has no move in progress`)
  return server.migration
}
const withFlavor = (server: Server, flavor: Flavor): Server => ({ ...server, flavor })

/** Copies the kept disk from the source to the destination through this machine, or reuses it on the same host. */
async function moveDisk(job: Job<ResizeTask>): Promise<string> {
  const m = migrationOf(job.server)
  const target = await job.driverOf(m.destHost)
  // The destination's networks decide each NIC's kind there (the scheduler checked it has them all).
  const spec = instanceSpec(job.state, { ...withFlavor(job.server, m.newFlavor), host: m.destHost }, serverImageOf(job.state, job.server))
  const start = m.oldVmState === 'active'
  if (m.destHost === m.sourceHost) {
    await target.migrateIn(spec, { kind: 'kept' }, { start })
    return `resized on ${hostNameOf(job.state, m.destHost)}`
  }
  const dir = await mkdtemp(join(homePaths(job.ctx.store.home).home, 'move-'))
  try {
    const file = join(dir, 'disk')
    const source = await job.driverOf(m.sourceHost)
    const { sha256, size } = await source.exportDisk(instanceRef(job.server), file, { kept: true })
    await target.migrateIn(spec, { kind: 'file', localPath: file, sha256 }, { start })
    return `${(size / 1024 ** 2).toFixed(1)} MB copied ${hostNameOf(job.state, m.sourceHost)} -> ${hostNameOf(job.state, m.destHost)}, sha256 checked`
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Puts a server back where it was before the move: claims, host, flavor, state. */
export function restoreSource(state: State, server: Server, now: string): void {
  const m = migrationOf(server)
  restoreMoveClaims(state, server)
  server.host = m.sourceHost
  server.flavor = m.oldFlavor
  setServerState(server, { vmState: m.oldVmState, taskState: null, powerState: m.oldVmState === 'active' ? POWER_STATE.RUNNING : POWER_STATE.SHUTDOWN }, now)
  delete server.migration
}

/** Undoes whatever part of a move happened on the hosts: the destination's copy goes, the source's files come back. */
export async function unwindHosts(job: Job<TaskOf<'resize' | 'revert_resize'>>): Promise<void> {
  const m = migrationOf(job.server)
  if (m.destHost !== m.sourceHost) await (await job.driverOf(m.destHost)).destroy(instanceRef(job.server))
  await (await job.driverOf(m.sourceHost)).revertMigration(instanceSpec(job.state, { ...withFlavor(job.server, m.oldFlavor), host: m.sourceHost }, serverImageOf(job.state, job.server)), { start: m.oldVmState === 'active' })
}

/** The resize and cold-migrate workflow. */
export const resizeWorkflow: Workflow<ResizeTask> = {
  steps: [
    step<ResizeTask>('schedule', null, pickDestination),
    step<ResizeTask>(
      'migrate-out',
      async (job) => (await job.driverOf(migrationOf(job.server).sourceHost)).migrateOut(instanceRef(job.server), { timeoutMs: schedulerConfig(job.state.config).shutdown_timeout * 1000 }),
      ({ server, now }) => setServerState(server, { taskState: 'resize_migrated' }, now),
    ),
    step<ResizeTask, string>('migrate-in', moveDisk, ({ server, now }, detail) => {
      const m = migrationOf(server)
      server.host = m.destHost
      server.flavor = m.newFlavor
      completeAction(server, server.migration?.kind === 'migration' ? 'migrate' : 'resize', now)
      setServerState(server, { powerState: m.oldVmState === 'active' ? POWER_STATE.RUNNING : POWER_STATE.SHUTDOWN }, now)
      return detail
    }),
  ],
  // A failed move is rolled back on the hosts first; the server keeps its old place with the fault.
  cleanup: async (job, _message) => {
    if (job.server.migration) await unwindHosts(job)
  },
  onError: ({ state, server, task, now }, message) => {
    if (server.migration) restoreSource(state, server, now)
    else setServerState(server, { taskState: null }, now)
    server.fault = { code: 500, message: `${task.migration ? 'Migration' : 'Resize'} failed and was rolled back: ${message}`, at: now }
    finish(task, 'failed', message)
    eventFinish(state, task, 'Error', message)
    return 'failed'
  },
  onTakeover: async (job) => {
    if (job.server.migration) await unwindHosts(job)
    return {
      end: 'The conductor running this move stopped; the move was rolled back',
      commit: ({ state, server, now }) => (server.migration ? restoreSource(state, server, now) : setServerState(server, { taskState: null }, now)),
    }
  },
}
