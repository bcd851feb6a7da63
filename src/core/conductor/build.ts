// The build workflow: schedule and claim, cache the image on the host, spawn.
// Each step is recorded before the next begins; a resumed task skips what is
// recorded and redoes the rest, which is safe because every driver call is
// idempotent. On failure nothing is left: no domain, no files, no allocation.
import { nowIso } from '../clock.js'
import { ConflictError } from '../errors.js'
import { POWER_STATE } from '../store/constants.js'
import type { Server, State, Task } from '../store/schema.js'
import { requestFor } from '../scheduler/request.js'
import { noValidHostReason, schedule } from '../scheduler/scheduler.js'
import { instanceRef, instanceSpec, type TaskContext } from './context.js'
import { finish, ownedTask, recordStep, stepDone } from './tasks.js'

class Abandoned extends Error {}

function serverOf(state: State, task: Task): Server {
  const server = state.servers.find((s) => s.id === task.serverId)
  if (!server) throw new Error(`Task ${task.id} refers to a missing server ${task.serverId}`)
  return server
}

/** Fails the server with a fault, releases its claim, and ends the task. */
function failBuild(state: State, task: Task, message: string, details?: string): void {
  const server = serverOf(state, task)
  state.allocations = state.allocations.filter((a) => a.consumerId !== server.id)
  Object.assign(server, { vmState: 'error', taskState: null, powerState: POWER_STATE.NOSTATE, updatedAt: nowIso() })
  server.fault = { code: 500, message, ...(details ? { details } : {}), at: nowIso() }
  finish(task, 'failed', message)
}

/** Runs (or resumes) a build task this process holds the lease of. */
export async function runBuild(ctx: TaskContext, taskId: string): Promise<void> {
  const { store, owner } = ctx
  const task = (state: State) => state.tasks.find((t) => t.id === taskId)!
  // A step boundary: check the lease, stop if a delete came in, record the step.
  const step = (name: string, detail: string | undefined, apply: (state: State, server: Server, task: Task) => void) =>
    store.transact((state) => {
      const task = ownedTask(state, taskId, owner)
      const server = serverOf(state, task)
      if (server.taskState === 'deleting') {
        finish(task, 'failed', 'The server was deleted during its build')
        throw new Abandoned()
      }
      apply(state, server, task)
      recordStep(task, owner, name, detail)
      ctx.progress({ taskId, serverName: server.name, step: name, detail })
    })

  const placed = await store.transact((state) => {
    const task = ownedTask(state, taskId, owner)
    const server = serverOf(state, task)
    if (server.taskState === 'deleting') {
      finish(task, 'failed', 'The server was deleted during its build')
      return false
    }
    if (stepDone(task, 'schedule')) return true
    const result = schedule(state, requestFor(server.flavor))
    if (!result.chosen) {
      failBuild(state, task, 'No valid host was found.', noValidHostReason(result))
      ctx.progress({ taskId, serverName: server.name, step: 'failed', detail: `No valid host was found. ${noValidHostReason(result)}` })
      return false
    }
    const host = result.chosen.host
    state.allocations.push({ consumerId: server.id, providerId: host.id, resources: requestFor(server.flavor).resources })
    Object.assign(server, { host: host.id, taskState: 'block_device_mapping', updatedAt: nowIso() })
    recordStep(task, owner, 'schedule', host.name)
    ctx.progress({ taskId, serverName: server.name, step: 'schedule', detail: host.name })
    return true
  })
  if (!placed) return

  try {
    const state = await store.read()
    const server = state.servers.find((s) => s.id === task(state).serverId)!
    const host = state.hosts.find((h) => h.id === server.host)
    const image = state.images.find((i) => i.id === server.imageId)
    if (!host) throw new Error(`Host of server ${server.name} no longer exists`)
    if (!image) throw new Error(`Image ${server.imageId} was deleted before the server was built`)
    const driver = await ctx.drivers(host)
    try {
      const copied = await driver.ensureImage(instanceSpec(server, image).image)
      await step('image', copied ? `copied to ${host.name}` : `cached on ${host.name}`, (_s, srv) => {
        Object.assign(srv, { taskState: 'spawning', updatedAt: nowIso() })
      })
      // A resumed spawn may find a half-made domain: start clean.
      const existing = await driver.domainState(instanceRef(server))
      if (existing.state !== 'running') {
        if (existing.state !== 'missing') await driver.destroy(instanceRef(server))
        await driver.spawn(instanceSpec(server, image))
      }
      await store.transact((state) => {
        const task = ownedTask(state, taskId, owner)
        const srv = serverOf(state, task)
        const now = nowIso()
        Object.assign(srv, { vmState: 'active', taskState: null, powerState: POWER_STATE.RUNNING, launchedAt: now, updatedAt: now })
        recordStep(task, owner, 'spawn', host.name)
        finish(task, 'succeeded')
        ctx.progress({ taskId, serverName: srv.name, step: 'active', detail: host.name })
      })
    } catch (err) {
      // Clean the host unless the work now belongs to someone else (a delete, or
      // a process that took the lease over).
      if (!(err instanceof Abandoned) && !(err instanceof ConflictError)) await driver.destroy(instanceRef(server)).catch(() => undefined)
      throw err
    } finally {
      await driver.close()
    }
  } catch (err) {
    if (err instanceof Abandoned || err instanceof ConflictError) return
    const message = err instanceof Error ? err.message : String(err)
    await store.transact((state) => {
      const task = ownedTask(state, taskId, owner)
      failBuild(state, task, `Build of server failed: ${message}`)
      ctx.progress({ taskId, serverName: serverOf(state, task).name, step: 'failed', detail: message })
    })
  }
}
