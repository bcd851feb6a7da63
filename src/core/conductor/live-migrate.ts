// Live migration, as Nova's conductor and compute services make it without
// shared storage (block migration):
// - schedule: the scheduler picks the destination from the server's request
//   spec (never its own host, nor a host of another driver), or checks the
//   host asked for; the source's claim moves to a migration consumer and the
//   server claims on the destination, so both are held while it moves;
// - live-migrate: the destination makes the disk ready, then the source sends
//   the running guest there (libvirt: memory and disk while it runs). The
//   step is redone after a takeover: a guest found on the destination only
//   has arrived; one still on the source is sent again. The copy has a limit (limitsOf): past it, it is aborted or the guest is
//   paused so that it ends (live_migration_timeout_action);
// - clean-source: the files left on the source go.
// A failed migration leaves the guest running on the source: the
// destination's copy goes and the claims are put back, as Nova's rollback.
import { completeAction, noValidHost, setServerState } from '../model/lifecycle.js'
import { rescheduleSpecOf } from '../api/request-specs.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import type { Server, State } from '../store/schema.js'
import { eventFinish } from './actions.js'
import { instanceRef, instanceSpec } from './context.js'
import { holdMoveClaims, hostNameOf, migrationConsumer, restoreMoveClaims, serverImageOf } from './lookups.js'
import { step, type Commit, type CommitResult, type Job, type Workflow } from './runner.js'
import { finish, type TaskOf } from './tasks.js'
import type { LiveMigrationLimits } from '../../hypervisor/driver.js'

type LiveMigrateTask = TaskOf<'live_migrate'>

function pickDestination({ state, task, server, now }: Commit<LiveMigrateTask>): CommitResult {
  const source = state.hosts.find((h) => h.id === server.host)!
  const stored = rescheduleSpecOf(state, server.id)
  // A guest moves live only between hosts of one kind (libvirt to libvirt).
  const otherKind = state.hosts.filter((h) => h.driver !== source.driver).map((h) => h.id)
  const spec = buildRequestSpec(state, server.flavor, serverImageOf(state, server), {
    ...stored,
    ...(task.host ? { forcedHost: task.host } : {}),
    numInstances: 1,
    instanceId: server.id,
    ignoreHostIds: [source.id, ...otherKind],
    ignoreReason: { check: 'SourceHost', reason: `${server.name} is on it now, or it runs another driver than ${source.name}` },
  })
  const result = schedule(state, spec, schedulerConfig(state.config), { explain: false })
  if (result.failure !== undefined) return { fail: noValidHost(server, result.failure, now) }
  const dest = result.selections[0].host.host
  holdMoveClaims(state, server, dest.id, spec.resources)
  task.sourceHost = source.id
  task.destHost = dest.id
  return `${source.name} -> ${dest.name}`
}

const hostsOf = (task: LiveMigrateTask): { source: string; dest: string } => {
  if (!task.sourceHost || !task.destHost) throw new Error('The live migration was not scheduled')
  return { source: task.sourceHost, dest: task.destHost }
}

const present = (state: string) => state !== 'missing'

/** Sends the guest, unless it has arrived already (a redone step); a guest left on neither host is an error. */
async function migrate(job: Job<LiveMigrateTask>): Promise<string> {
  const { source, dest } = hostsOf(job.task)
  const [from, to] = [await job.driverOf(source), await job.driverOf(dest)]
  const ref = instanceRef(job.server)
  const route = `${hostNameOf(job.state, source)} -> ${hostNameOf(job.state, dest)}`
  if (!present((await from.domainState(ref)).state)) {
    if (present((await to.domainState(ref)).state)) return `${route}: it had arrived already`
    throw new Error(`${job.server.name} is on neither ${hostNameOf(job.state, source)} nor ${hostNameOf(job.state, dest)}`)
  }
  const target = await to.prepareLiveMigration(instanceSpec(job.state, { ...job.server, host: dest }, serverImageOf(job.state, job.server)))
  const started = Date.now()
  let forced = false
  try {
    forced = (await from.liveMigrate(ref, target, limitsOf(job.state, job.server))).forced
  } catch (err) {
    // An error after the guest left (a lost connection at the end) is not a failure.
    const [here, there] = await Promise.all([from.domainState(ref), to.domainState(ref)])
    if (present(here.state) || !present(there.state)) throw err
  }
  return `${route} in ${((Date.now() - started) / 1000).toFixed(1)} s${forced ? ', paused to finish (live_migration_timeout_action force_complete)' : ''}`
}

/**
 * Nova's limit: live_migration_completion_timeout seconds per GiB copied, the
 * guest's RAM (counted as at least 2 GiB, as Nova does) plus its disks (always
 * copied here: hosts share no storage).
 */
export function limitsOf(state: State, server: Server): LiveMigrationLimits {
  const config = schedulerConfig(state.config)
  const gib = Math.max(2, server.flavor.ramMb / 1024) + server.flavor.diskGb + server.flavor.ephemeralGb
  const perGib = config.live_migration_completion_timeout
  return {
    timeoutMs: perGib > 0 ? Math.round(perGib * gib * 1000) : null,
    onTimeout: config.live_migration_timeout_action === 'force_complete' ? 'force_complete' : 'abort',
    autoConverge: config.live_migration_permit_auto_converge,
  }
}

/** The files left on the source go; a domain still defined there is left alone. */
async function cleanSource(job: Job<LiveMigrateTask>): Promise<string> {
  const { source } = hostsOf(job.task)
  const from = await job.driverOf(source)
  const ref = instanceRef(job.server)
  if (present((await from.domainState(ref)).state)) return `a domain of ${job.server.name} is still defined on ${hostNameOf(job.state, source)}: left there`
  await from.destroy(ref)
  return `files removed from ${hostNameOf(job.state, source)}`
}

/** Whether the guest's move was committed (the server's host is the destination). */
const moved = (server: Server, task: LiveMigrateTask) => task.destHost !== undefined && server.host === task.destHost

/** The live migration workflow. */
export const liveMigrateWorkflow: Workflow<LiveMigrateTask> = {
  steps: [
    step<LiveMigrateTask>('schedule', null, pickDestination),
    step<LiveMigrateTask, string>('live-migrate', migrate, ({ state, task, server, now }, detail) => {
      server.host = task.destHost!
      state.allocations = state.allocations.filter((a) => a.consumerId !== migrationConsumer(server.id))
      completeAction(server, 'live_migrate', now)
      return detail
    }),
    step<LiveMigrateTask, string>('clean-source', cleanSource, (_c, detail) => detail),
  ],
  // A failed migration: the guest runs on the source, so the destination's copy goes.
  cleanup: async (job) => {
    if (moved(job.server, job.task) || !job.task.destHost) return
    const { source, dest } = hostsOf(job.task)
    const ref = instanceRef(job.server)
    if (present((await (await job.driverOf(source)).domainState(ref)).state)) await (await job.driverOf(dest)).destroy(ref)
  },
  onError: ({ state, server, task, now }, message) => {
    if (!moved(server, task)) restoreMoveClaims(state, server) // the server stays on its source host
    setServerState(server, { taskState: null }, now)
    server.fault = { code: 500, message: moved(server, task) ? `Live migration finished, but: ${message}` : `Live migration failed and was rolled back: ${message}`, at: now }
    finish(task, 'failed', message)
    eventFinish(state, task, 'Error', message)
    return 'failed'
  },
}
