// The rebuild workflow: same server, flavor and host, a new root disk from the
// image (the one asked for, or its own). A stopped server stays stopped, as in
// Nova. An interrupted rebuild ends ERROR (Nova's _init_instance does so for
// every rebuilding task_state); a rebuild of the ERROR server then recovers it.
import { POWER_STATE } from '../store/constants.js'
import { completeAction, setServerState } from '../model/lifecycle.js'
import { imageSpec, instanceRef, instanceSpec } from './context.js'
import { hostNameOf, imageOf } from './lookups.js'
import { step, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type RebuildTask = TaskOf<'rebuild'>

/** The rebuild workflow. */
export const rebuildWorkflow: Workflow<RebuildTask> = {
  steps: [
    step<RebuildTask, string>(
      'image',
      async (job) => ((await (await job.driver()).ensureImage(imageSpec(imageOf(job.state, job.task.imageId)))) ? 'copied' : 'cached'),
      ({ server, state, now }, how) => {
        setServerState(server, { taskState: 'rebuild_spawning' }, now)
        return `${how} on ${hostNameOf(state, server.host)}`
      },
    ),
    step<RebuildTask>(
      'rebuild',
      async (job) => {
        const driver = await job.driver()
        await driver.destroy(instanceRef(job.server))
        await driver.spawn(instanceSpec(job.state, job.server, imageOf(job.state, job.task.imageId)))
        if (job.task.wasStopped) await driver.powerOff(instanceRef(job.server), { timeoutMs: 0 })
      },
      ({ server, state, task, now }) => {
        completeAction(server, 'rebuild', now, task.wasStopped ? 'stopped' : 'active')
        setServerState(server, { powerState: task.wasStopped ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING }, now)
        server.launchedAt = now
        return `${imageOf(state, task.imageId).name} on ${hostNameOf(state, server.host)}`
      },
    ),
  ],
  onTakeover: async () => ({ fail: 'The conductor running this rebuild stopped before it finished; rebuild the server again' }),
  faultMessage: (message) => `Rebuild failed: ${message}`,
}
