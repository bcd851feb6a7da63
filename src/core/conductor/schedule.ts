// The schedule step of a create request (Nova's conductor calling
// select_destinations): place every server of the request in one transaction
// and write their claims there, or none. Each placed server then gets its own
// build task, carrying the alternates the scheduler chose for a reschedule.
import { nowIso } from '../clock.js'
import type { Server, State, Task } from '../store/schema.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import type { TaskContext } from './context.js'
import { failServer } from './server-fault.js'
import { enqueue, finish, ownedTask, recordStep } from './tasks.js'

function batchOf(state: State, task: Task): Server[] {
  const ids = new Set(task.batch ?? [task.serverId])
  return state.servers.filter((s) => ids.has(s.id))
}

/** Runs a schedule task this process holds the lease of. */
export async function runSchedule(ctx: TaskContext, taskId: string): Promise<void> {
  await ctx.store.transact((state) => {
    const task = ownedTask(state, taskId, ctx.owner)
    const servers = batchOf(state, task)
    const live = servers.filter((s) => s.taskState !== 'deleting' && s.vmState !== 'deleted')
    if (live.length === 0) return finish(task, 'failed', 'Every server of the request was deleted before it was scheduled')
    const first = live[0]
    const image = state.images.find((i) => i.id === first.imageId)
    if (!image) {
      for (const s of live) failServer(s, `Image ${first.imageId} was deleted before the server was scheduled`)
      return finish(task, 'failed', 'image deleted')
    }
    const config = schedulerConfig(state.config)
    const hints = first.hints as ReturnType<typeof buildRequestSpec>['hints']
    const spec = buildRequestSpec(state, first.flavor, image, {
      projectId: first.projectId,
      numInstances: live.length,
      ...(first.availabilityZone ? { availabilityZone: first.availabilityZone } : {}),
      ...(task.request?.forcedHost ? { forcedHost: task.request.forcedHost } : {}),
      hints,
    })
    const result = schedule(state, spec, config, { explain: false })
    if (result.failure !== undefined) {
      for (const s of live) failServer(s, 'No valid host was found.', result.failure)
      ctx.progress({ taskId, serverName: first.name, step: 'failed', detail: `No valid host was found. ${result.failure}` })
      return finish(task, 'failed', `No valid host was found. ${result.failure}`)
    }
    live.forEach((server, i) => {
      const { host, alternates } = result.selections[i]
      state.allocations.push({ consumerId: server.id, providerId: host.host.id, resources: { ...spec.resources } })
      Object.assign(server, { host: host.host.id, taskState: 'block_device_mapping', updatedAt: nowIso() })
      const build = enqueue(state, 'build', server.id)
      build.alternates = alternates.map((a) => a.host.id)
      ctx.progress({ taskId, serverName: server.name, step: 'schedule', detail: host.host.name })
    })
    recordStep(task, ctx.owner, 'schedule', result.selections.map((s) => s.host.host.name).join(', '))
    finish(task, 'succeeded')
  })
}
