// Rescue and unrescue: boot a rescue image with the server's own disk attached
// second (or, with hw_rescue_device/hw_rescue_bus on the rescue image, every
// original device in its place: Nova's stable device rescue), after a soft
// shutdown bounded by shutdown_timeout; unrescue returns to the server's own
// domain. Both are redone after an interruption (every driver call is idempotent).
import { completeAction } from '../model/lifecycle.js'
import { schedulerConfig } from '../scheduler/config.js'
import { imageSpec, instanceRef, instanceSpec } from './context.js'
import { hostNameOf, imageOf, serverImageOf } from './lookups.js'
import { step, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type RescueTask = TaskOf<'rescue'>
type UnrescueTask = TaskOf<'unrescue'>

const DEVICES = ['disk', 'cdrom'] as const

/** The rescue workflow. */
export const rescueWorkflow: Workflow<RescueTask> = {
  steps: [
    step<RescueTask, string>(
      'rescue',
      async (job) => {
        const driver = await job.driver()
        const rescue = imageOf(job.state, job.task.rescueImageId)
        const { clean } = await driver.powerOff(instanceRef(job.server), { timeoutMs: schedulerConfig(job.state.config).shutdown_timeout * 1000 })
        await driver.ensureImage(imageSpec(rescue))
        const device = DEVICES.find((d) => d === rescue.properties.hw_rescue_device)
        const bus = rescue.properties.hw_rescue_bus
        await driver.rescue(instanceSpec(job.state, job.server, serverImageOf(job.state, job.server)), imageSpec(rescue), { ...(device ? { device } : {}), ...(bus ? { bus } : {}) })
        return `${rescue.name}${device || bus ? ` (stable devices: ${device ?? 'disk'} on ${bus ?? 'virtio'})` : ''} on ${hostNameOf(job.state, job.server.host)}${clean ? '' : ', after a hard power-off'}`
      },
      ({ server, now }, detail) => {
        completeAction(server, 'rescue', now)
        return detail
      },
    ),
  ],
}

/** The unrescue workflow. */
export const unrescueWorkflow: Workflow<UnrescueTask> = {
  steps: [
    step<UnrescueTask>(
      'unrescue',
      async (job) => (await job.driver()).unrescue(instanceSpec(job.state, job.server, serverImageOf(job.state, job.server))),
      ({ server, state, now }) => {
        completeAction(server, 'unrescue', now)
        return `on ${hostNameOf(state, server.host)}`
      },
    ),
  ],
}
