// The schedule step of a create request (Nova's conductor calling
// select_destinations): place every server of the request in one transaction
// and write their claims there, or none. Each placed server then gets its own
// build task, carrying the alternates the scheduler chose for a reschedule.
// The request is read from the request spec persisted when it was accepted.
import { failServer, setServerState } from '../model/lifecycle.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import { requestSpecOf } from '../api/request-specs.js'
import { step, type Commit, type CommitResult, type Workflow } from './runner.js'
import { eventFinish } from './actions.js'
import { enqueue, finish, type TaskOf } from './tasks.js'

type ScheduleTask = TaskOf<'schedule'>

function place({ state, task, now }: Commit<ScheduleTask>): CommitResult {
  const batch = new Set(task.batch)
  const live = state.servers.filter((s) => batch.has(s.id) && s.taskState !== 'deleting' && s.vmState !== 'deleted')
  if (live.length === 0) return { fail: 'Every server of the request was deleted before it was scheduled' }
  const stored = requestSpecOf(state, live[0].id)
  const image = state.images.find((i) => i.id === stored.imageId)
  if (!image) {
    for (const s of live) failServer(s, now, `Image ${stored.imageId} was deleted before the server was scheduled`)
    return { fail: 'The image was deleted before the request was scheduled' }
  }
  const spec = buildRequestSpec(state, stored.flavor, image, { ...stored, numInstances: live.length })
  const result = schedule(state, spec, schedulerConfig(state.config), { explain: false })
  if (result.failure !== undefined) {
    for (const s of live) failServer(s, now, 'No valid host was found.', result.failure)
    return { fail: `No valid host was found. ${result.failure}` }
  }
  live.forEach((server, i) => {
    const { host, alternates } = result.selections[i]
    state.allocations.push({ consumerId: server.id, providerId: host.host.id, resources: { ...spec.resources } })
    server.host = host.host.id
    setServerState(server, { taskState: 'block_device_mapping' }, now)
    enqueue(state, 'build', server.id, task.requestId, { alternates: alternates.map((a) => a.host.id) })
  })
  return placedOn(result.selections.map((s) => s.host.host.name))
}

/**
 * Where the servers went, for the step's record: the hosts in order for a few,
 * a count per host for many (the record is copied into every server's action,
 * so a list of 500 names would make the store grow with the square of the request).
 */
export function placedOn(hosts: string[]): string {
  if (hosts.length <= 4) return hosts.join(', ')
  const counts = new Map<string, number>()
  for (const h of hosts) counts.set(h, (counts.get(h) ?? 0) + 1)
  return [...counts].map(([h, n]) => `${h} x${n}`).join(', ')
}

/** Fails every live server of the batch (an unexpected error, e.g. its server group was deleted meanwhile). */
function failBatch({ state, task, now }: Commit<ScheduleTask>, message: string): 'failed' {
  for (const s of state.servers) if (task.batch.includes(s.id) && s.vmState === 'building' && s.taskState === 'scheduling') failServer(s, now, `Scheduling failed: ${message}`)
  finish(task, 'failed', message)
  eventFinish(state, task, 'Error', message)
  return 'failed'
}

/** The schedule workflow: one step, all in one transaction. */
export const scheduleWorkflow: Workflow<ScheduleTask> = {
  steps: [step<ScheduleTask>('schedule', null, place)],
  abandonIf: () => null, // deleted servers of the batch are skipped, not a reason to stop
  onError: failBatch,
}

