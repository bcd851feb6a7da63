// The build workflow of one placed server: cache the image on its host, spawn,
// mark it ACTIVE. A build that fails on its host is rescheduled, as Nova does,
// onto the alternates the scheduler chose (re-claiming resources there), up to
// max_attempts; the failed host's claim is released and its failed_builds count
// goes up, which BuildFailureWeigher then holds against it. With no alternate
// left, the server goes to ERROR holding nothing: no domain, files or claim.
// A build interrupted by a dead conductor ends the same way (Nova's
// _init_instance puts a BUILDING instance in ERROR).
import { completeAction, failServer, setServerState } from '../model/lifecycle.js'
import type { State } from '../store/schema.js'
import { schedulerConfig } from '../scheduler/config.js'
import { hostStates } from '../scheduler/host-state.js'
import { placementReject } from '../scheduler/placement-filter.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { requestSpecOf } from '../api/request-specs.js'
import { eventFinish } from './actions.js'
import { imageSpec, instanceRef, instanceSpec } from './context.js'
import { addressesWith, learnAddresses } from '../compute/server-addresses.js'
import { step, type Commit, type Job, type Workflow } from './runner.js'
import { finish, type TaskOf } from './tasks.js'

type BuildTask = TaskOf<'build'>

function imageOf(job: Job<BuildTask>) {
  const image = job.state.images.find((i) => i.id === job.server.imageId)
  if (!image) throw new Error(`Image ${job.server.imageId} was deleted before the server was built`)
  return image
}

const hostName = (state: State, id: string | null) => state.hosts.find((h) => h.id === id)?.name ?? '?'

/** Releases the server's claim and host: what a failed or interrupted build leaves behind. */
function release(state: State, serverId: string): string {
  const server = state.servers.find((s) => s.id === serverId)!
  const name = hostName(state, server.host)
  state.allocations = state.allocations.filter((a) => a.consumerId !== serverId)
  server.host = null
  return name
}

/** After a failed build: claim the next alternate that still fits and restart, or fail holding nothing. */
function reschedule(c: Commit<BuildTask>, message: string): 'restart' | 'failed' {
  const { state, task, server, now } = c
  const failedHost = state.hosts.find((h) => h.id === server.host)
  if (failedHost) failedHost.failedBuilds += 1
  task.steps.push({ name: 'failed', at: now, detail: `${release(state, server.id)}: ${message}` })
  const attempts = task.steps.filter((s) => s.name === 'failed').length
  const config = schedulerConfig(state.config)
  const image = state.images.find((i) => i.id === server.imageId)
  if (attempts < config.max_attempts && image) {
    const stored = requestSpecOf(state, server.id)
    const spec = buildRequestSpec(state, server.flavor, image, { ...stored, numInstances: 1, hints: {} })
    const states = hostStates(state)
    while (task.alternates.length > 0) {
      const nextId = task.alternates.shift()!
      const hs = states.find((h) => h.host.id === nextId)
      // The alternate was chosen earlier: re-check that its claim still fits (Placement would refuse it otherwise).
      if (!hs || hs.host.status !== 'up' || !hs.host.enabled || placementReject(hs, spec) !== null) continue
      state.allocations.push({ consumerId: server.id, providerId: hs.host.id, resources: { ...spec.resources } })
      server.host = hs.host.id
      setServerState(server, { taskState: 'block_device_mapping' }, now)
      task.steps.push({ name: 'reschedule', at: now, detail: hs.host.name })
      return 'restart'
    }
  }
  // With retries enabled Nova ends in MaxRetriesExceeded; with max_attempts 1 the build error itself is the fault.
  if (config.max_attempts > 1) {
    failServer(server, now, `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`, `Last error: ${message}`)
  } else failServer(server, now, `Build of server failed: ${message}`)
  finish(task, 'failed', message)
  eventFinish(state, task, 'Error', message)
  return 'failed'
}

/** Removes whatever a failed or interrupted spawn left on the host. */
async function destroyDomain(job: Job<BuildTask>): Promise<void> {
  if (job.server.host) await (await job.driver()).destroy(instanceRef(job.server))
}

/** The build workflow. */
export const buildWorkflow: Workflow<BuildTask> = {
  steps: [
    step<BuildTask, string>(
      'image',
      async (job) => ((await (await job.driver()).ensureImage(imageSpec(imageOf(job)))) ? 'copied' : 'cached'),
      ({ server, state, now }, how) => {
        setServerState(server, { taskState: 'spawning' }, now)
        return `${how} on ${hostName(state, server.host)}`
      },
    ),
    step<BuildTask, Awaited<ReturnType<typeof learnAddresses>>>(
      'spawn',
      async (job) => {
        const driver = await job.driver()
        // A redone spawn may find a half-made domain: start clean.
        const existing = await driver.domainState(instanceRef(job.server))
        if (existing.state !== 'running') {
          if (existing.state !== 'missing') await driver.destroy(instanceRef(job.server))
          await driver.spawn(instanceSpec(job.state, job.server, imageOf(job)))
        }
        // Bridged and libvirt-network NICs: whatever the host sees already (a DHCP lease
        // usually comes later, and power-state sync picks it up then).
        return learnAddresses(driver, job.server)
      },
      ({ server, state, now }, seen) => {
        completeAction(server, 'create', now)
        server.launchedAt = now
        server.addresses = addressesWith(server, seen ?? [])
        const host = state.hosts.find((h) => h.id === server.host)
        if (host) host.failedBuilds = 0 // Nova resets the count on a successful build
        return host?.name
      },
    ),
  ],
  cleanup: async (job) => destroyDomain(job),
  onError: reschedule,
  onTakeover: async (job) => {
    await destroyDomain(job).catch(() => undefined)
    return {
      fail: 'The conductor running this build stopped before it finished; the build was abandoned and its host cleaned',
      commit: ({ state, server }) => void release(state, server.id),
    }
  },
  faultMessage: (message) => `Build of server failed: ${message}`,
}
