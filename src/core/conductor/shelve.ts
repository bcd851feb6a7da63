// Shelve: power off, snapshot the disk into an image, free the host
// (SHELVED_OFFLOADED, as Nova does at once with shelved_offload_time 0).
// Unshelve: schedule again from the request spec, boot from that snapshot,
// then delete it, as Nova does. An unshelve that fails stays shelved with the fault.
import { unlink } from 'node:fs/promises'
import { rescheduleSpecOf } from '../api/request-specs.js'
import { completeAction, noValidHost, setServerState } from '../model/lifecycle.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import { eventFinish } from './actions.js'
import { imageSpec, instanceRef, instanceSpec } from './context.js'
import { hostNameOf, imageOf, serverImageOf } from './lookups.js'
import { step, type Commit, type CommitResult, type Job, type Workflow } from './runner.js'
import { dropSnapshot, removeImageFile, snapshotSteps } from './snapshot.js'
import { finish, type TaskOf } from './tasks.js'

type ShelveTask = TaskOf<'shelve'>
type UnshelveTask = TaskOf<'unshelve'>

/** The shelve workflow. */
export const shelveWorkflow: Workflow<ShelveTask> = {
  steps: [
    step<ShelveTask, boolean>(
      'power-off',
      async (job) => (await (await job.driver()).powerOff(instanceRef(job.server), { timeoutMs: schedulerConfig(job.state.config).shutdown_timeout * 1000 })).clean,
      (_c, clean) => (clean ? 'shut down by the guest' : 'powered off'),
    ),
    ...snapshotSteps<ShelveTask>('shelving_offloading'),
    step<ShelveTask>(
      'offload',
      async (job) => (await job.driver()).destroy(instanceRef(job.server)),
      ({ state, server, task, now }) => {
        const host = hostNameOf(state, server.host)
        state.allocations = state.allocations.filter((a) => a.consumerId !== server.id)
        server.host = null
        server.shelvedImageId = task.imageId
        completeAction(server, 'shelve', now)
        return `${host} freed`
      },
    ),
  ],
  cleanup: removeImageFile,
  onError: dropSnapshot,
}

const shelvedImage = (job: Job<UnshelveTask>) => imageOf(job.state, job.server.shelvedImageId ?? job.server.imageId)

function place({ state, server, now }: Commit<UnshelveTask>): CommitResult {
  const stored = rescheduleSpecOf(state, server.id)
  const spec = buildRequestSpec(state, server.flavor, serverImageOf(state, server), { ...stored, numInstances: 1, instanceId: server.id })
  const result = schedule(state, spec, schedulerConfig(state.config), { explain: false })
  if (result.failure !== undefined) {
    return { fail: noValidHost(server, result.failure, now) }
  }
  const host = result.selections[0].host.host
  state.allocations.push({ consumerId: server.id, providerId: host.id, resources: { ...spec.resources } })
  server.host = host.id
  setServerState(server, { taskState: 'spawning' }, now)
  return host.name
}

/** The unshelve workflow. */
export const unshelveWorkflow: Workflow<UnshelveTask> = {
  steps: [
    step<UnshelveTask>('schedule', null, place),
    step<UnshelveTask, string>(
      'spawn',
      async (job) => {
        const driver = await job.driver()
        const image = shelvedImage(job)
        await driver.ensureImage(imageSpec(image))
        await driver.destroy(instanceRef(job.server)) // a redone spawn starts clean
        await driver.spawn(instanceSpec(job.state, job.server, image))
        return hostNameOf(job.state, job.server.host)
      },
      ({ server, now }, host) => {
        completeAction(server, 'unshelve', now)
        server.launchedAt = now
        return host
      },
    ),
    step<UnshelveTask>(
      'delete-snapshot',
      async (job) => {
        const image = job.server.shelvedImageId && job.state.images.find((i) => i.id === job.server.shelvedImageId)
        if (image) await unlink(image.file).catch(() => undefined)
      },
      ({ state, server }) => {
        state.images = state.images.filter((i) => i.id !== server.shelvedImageId)
        delete server.shelvedImageId
      },
    ),
  ],
  // A failed unshelve leaves the server shelved with the fault, its host freed, as Nova does since Train.
  cleanup: async (job) => {
    if (job.server.host && job.server.vmState === 'shelved_offloaded') await (await job.driver()).destroy(instanceRef(job.server))
  },
  onError: ({ state, server, task, now }, message) => {
    if (server.vmState === 'shelved_offloaded') {
      state.allocations = state.allocations.filter((a) => a.consumerId !== server.id)
      server.host = null
      setServerState(server, { taskState: null }, now)
    }
    server.fault = { code: 500, message: `Unshelve failed: ${message}`, at: now }
    finish(task, 'failed', message)
    eventFinish(state, task, 'Error', message)
    return 'failed'
  },
}
