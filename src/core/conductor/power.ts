// The power workflows: start, stop, reboot, pause, unpause, suspend, resume.
// Each is one driver call and the lifecycle table's end state. Interrupted
// ones are redone (every driver call is idempotent), except a soft reboot,
// which becomes a hard one, as Nova's _init_instance does.
import { completeAction, setServerState, type ServerAction } from '../model/lifecycle.js'
import { schedulerConfig } from '../scheduler/config.js'
import { instanceRef } from './context.js'
import { step, type Job, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type PowerTask = TaskOf<'start' | 'stop' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'reboot'>

const hostName = (job: Job<PowerTask>) => job.state.hosts.find((h) => h.id === job.server.host)?.name ?? '?'

/** The lifecycle action a power task carries out. */
export function powerAction(task: PowerTask): ServerAction {
  return task.kind === 'reboot' ? (task.rebootType === 'hard' ? 'reboot_hard' : 'reboot_soft') : task.kind
}

async function act(job: Job<PowerTask>): Promise<string> {
  const driver = await job.driver()
  const ref = instanceRef(job.server)
  const timeoutMs = schedulerConfig(job.state.config).shutdown_timeout * 1000
  const task = job.task
  switch (task.kind) {
    case 'start':
      await driver.powerOn(ref)
      break
    case 'stop': {
      const { clean } = await driver.powerOff(ref, { timeoutMs })
      return `${clean ? 'shut down by the guest' : 'powered off'} on ${hostName(job)}`
    }
    case 'reboot': {
      const { type } = await driver.reboot(ref, { type: task.rebootType, timeoutMs })
      return `${type === task.rebootType ? type : `hard (the guest did not shut down within ${timeoutMs / 1000} s)`} on ${hostName(job)}`
    }
    case 'pause':
      await driver.pause(ref)
      break
    case 'unpause':
      await driver.unpause(ref)
      break
    case 'suspend':
      await driver.suspend(ref)
      break
    case 'resume':
      await driver.resume(ref)
      break
  }
  return `on ${hostName(job)}`
}

/** The workflow of every power task. */
export const powerWorkflow: Workflow<PowerTask> = {
  steps: [
    step<PowerTask, string>('power', act, ({ server, task, now }, detail) => {
      completeAction(server, powerAction(task), now)
      return detail
    }),
  ],
  onTakeover: async (job) =>
    job.task.kind === 'reboot' && job.task.rebootType === 'soft'
      ? {
          resume: true,
          commit: ({ task, server, now }) => {
            if (task.kind === 'reboot') task.rebootType = 'hard'
            setServerState(server, { taskState: 'rebooting_hard' }, now)
          },
        }
      : { resume: true },
}
