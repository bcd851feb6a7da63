// The rebuild workflow: same server, flavor and host, a new root disk from the
// image (the one asked for, or its own). A stopped server stays stopped, as in
// Nova. An interrupted rebuild ends ERROR (Nova's _init_instance does so for
// every rebuilding task_state); a rebuild of the ERROR server then recovers it.
import { POWER_STATE } from '../store/constants.js'
import type { Server } from '../store/schema.js'
import { completeAction, setServerState } from '../model/lifecycle.js'
import { imageSpec, instanceRef, instanceSpec } from './context.js'
import { hostNameOf, imageOf } from './lookups.js'
import { step, type Step, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type RebuildTask = TaskOf<'rebuild'>
/** A rebuild, or an evacuation (a rebuild on another host, from the server's own image). */
type Rebuilding = RebuildTask | TaskOf<'evacuate'>

const imageIdOf = (task: Rebuilding, server: Server) => (task.kind === 'rebuild' ? task.imageId : server.imageId)

/** The image and rebuild steps on the server's (new) host, shared by rebuild and evacuate. */
export function rebuildSteps<T extends Rebuilding>(action: 'rebuild' | 'evacuate'): Step<T>[] {
  return [
    step<T, string>(
      'image',
      async (job) => ((await (await job.driver()).ensureImage(imageSpec(imageOf(job.state, imageIdOf(job.task, job.server))))) ? 'copied' : 'cached'),
      ({ server, state, now }, how) => {
        setServerState(server, { taskState: 'rebuild_spawning' }, now)
        return `${how} on ${hostNameOf(state, server.host)}`
      },
    ),
    step<T>(
      'rebuild',
      async (job) => {
        const driver = await job.driver()
        await driver.destroy(instanceRef(job.server)) // a redone step starts clean
        await driver.spawn(instanceSpec(job.state, job.server, imageOf(job.state, imageIdOf(job.task, job.server))))
        if (job.task.wasStopped) await driver.powerOff(instanceRef(job.server), { timeoutMs: 0 })
      },
      ({ server, state, task, now }) => {
        completeAction(server, action, now, task.wasStopped ? 'stopped' : 'active')
        setServerState(server, { powerState: task.wasStopped ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING }, now)
        server.launchedAt = now
        return `${imageOf(state, imageIdOf(task, server)).name} on ${hostNameOf(state, server.host)}${task.wasStopped ? ' (stopped, as it was)' : ''}`
      },
    ),
  ]
}

/** The rebuild workflow. */
export const rebuildWorkflow: Workflow<RebuildTask> = {
  steps: rebuildSteps<RebuildTask>('rebuild'),
  onTakeover: async () => ({ fail: 'The conductor running this rebuild stopped before it finished; rebuild the server again' }),
  faultMessage: (message) => `Rebuild failed: ${message}`,
}
