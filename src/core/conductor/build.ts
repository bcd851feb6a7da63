// The build workflow of one placed server: cache the image on its host, spawn,
// mark it ACTIVE. Each step is recorded before the next; a resumed task redoes
// what is not recorded, which is safe because every driver call is idempotent.
// A build that fails on its host is rescheduled, as Nova does, onto the
// alternates the scheduler chose (re-claiming resources there), up to
// max_attempts; the failed host's claim is released and its failed_builds count
// goes up, which BuildFailureWeigher then holds against it. With no alternate
// left, the server goes to ERROR holding nothing: no domain, files or claim.
import { nowIso } from '../clock.js'
import { ConflictError } from '../errors.js'
import { POWER_STATE } from '../store/constants.js'
import type { Server, State, Task } from '../store/schema.js'
import { schedulerConfig } from '../scheduler/config.js'
import { hostStates } from '../scheduler/host-state.js'
import { placementReject } from '../scheduler/placement-filter.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { instanceRef, instanceSpec, type TaskContext } from './context.js'
import { failServer } from './server-fault.js'
import { finish, ownedTask, recordStep } from './tasks.js'

class Abandoned extends Error {}

function serverOf(state: State, task: Task): Server {
  const server = state.servers.find((s) => s.id === task.serverId)
  if (!server) throw new Error(`Task ${task.id} refers to a missing server ${task.serverId}`)
  return server
}

/** Runs (or resumes) a build task this process holds the lease of. */
export async function runBuild(ctx: TaskContext, taskId: string): Promise<void> {
  for (;;) {
    const outcome = await attempt(ctx, taskId)
    if (outcome !== 'rescheduled') return
  }
}

async function attempt(ctx: TaskContext, taskId: string): Promise<'done' | 'rescheduled'> {
  const { store, owner } = ctx
  // A step boundary: check the lease, stop if a delete came in, record the step.
  const step = (name: string, detail: string | undefined, apply: (server: Server) => void) =>
    store.transact((state) => {
      const task = ownedTask(state, taskId, owner)
      const server = serverOf(state, task)
      if (server.taskState === 'deleting') {
        finish(task, 'failed', 'The server was deleted during its build')
        throw new Abandoned()
      }
      apply(server)
      recordStep(task, owner, name, detail)
      ctx.progress({ taskId, serverName: server.name, step: name, detail })
    })

  const state = await store.read()
  const task = state.tasks.find((t) => t.id === taskId)!
  const server = structuredClone(serverOf(state, task))
  const host = state.hosts.find((h) => h.id === server.host)
  const image = state.images.find((i) => i.id === server.imageId)
  try {
    if (!host) throw new Error(`Host of server ${server.name} no longer exists`)
    if (!image) throw new Error(`Image ${server.imageId} was deleted before the server was built`)
    const driver = await ctx.drivers(host)
    try {
      const copied = await driver.ensureImage(instanceSpec(server, image).image)
      await step('image', copied ? `copied to ${host.name}` : `cached on ${host.name}`, (srv) => {
        Object.assign(srv, { taskState: 'spawning', updatedAt: nowIso() })
      })
      // A resumed spawn may find a half-made domain: start clean.
      const existing = await driver.domainState(instanceRef(server))
      if (existing.state !== 'running') {
        if (existing.state !== 'missing') await driver.destroy(instanceRef(server))
        await driver.spawn(instanceSpec(server, image))
      }
      await store.transact((s) => {
        const t = ownedTask(s, taskId, owner)
        const srv = serverOf(s, t)
        // A delete that came in during the spawn owns the domain now; it will destroy it.
        if (srv.taskState === 'deleting') return finish(t, 'failed', 'The server was deleted during its build')
        const now = nowIso()
        Object.assign(srv, { vmState: 'active', taskState: null, powerState: POWER_STATE.RUNNING, launchedAt: now, updatedAt: now })
        const h = s.hosts.find((x) => x.id === srv.host)
        if (h) h.failedBuilds = 0 // Nova resets the count on a successful build
        recordStep(t, owner, 'spawn', host.name)
        finish(t, 'succeeded')
        ctx.progress({ taskId, serverName: srv.name, step: 'active', detail: host.name })
      })
      return 'done'
    } catch (err) {
      // Clean the host unless the work now belongs to someone else (a delete, or
      // a process that took the lease over).
      if (!(err instanceof Abandoned) && !(err instanceof ConflictError)) await driver.destroy(instanceRef(server)).catch(() => undefined)
      throw err
    } finally {
      await driver.close()
    }
  } catch (err) {
    if (err instanceof Abandoned || err instanceof ConflictError) return 'done'
    const message = err instanceof Error ? err.message : String(err)
    return store.transact((s) => reschedule(ctx, s, taskId, message))
  }
}

/** After a failed build: release the claim, then claim the next alternate that still fits, or fail. */
function reschedule(ctx: TaskContext, state: State, taskId: string, message: string): 'done' | 'rescheduled' {
  const task = ownedTask(state, taskId, ctx.owner)
  const server = serverOf(state, task)
  const failedHost = state.hosts.find((h) => h.id === server.host)
  if (failedHost) failedHost.failedBuilds += 1
  state.allocations = state.allocations.filter((a) => a.consumerId !== server.id)
  recordStep(task, ctx.owner, 'failed', `${failedHost?.name ?? '?'}: ${message}`)
  ctx.progress({ taskId, serverName: server.name, step: 'failed', detail: `on ${failedHost?.name ?? '?'}: ${message}` })
  const attempts = task.steps.filter((s) => s.name === 'failed').length
  const config = schedulerConfig(state.config)
  const image = state.images.find((i) => i.id === server.imageId)
  if (attempts < config.max_attempts && image) {
    const spec = buildRequestSpec(state, server.flavor, image, { projectId: server.projectId, numInstances: 1, hints: {} })
    const states = hostStates(state)
    while (task.alternates && task.alternates.length > 0) {
      const nextId = task.alternates.shift()!
      const hs = states.find((h) => h.host.id === nextId)
      // The alternate was chosen earlier: re-check that its claim still fits (Placement would refuse it otherwise).
      if (!hs || hs.host.status !== 'up' || !hs.host.enabled || placementReject(hs, spec) !== null) continue
      state.allocations.push({ consumerId: server.id, providerId: hs.host.id, resources: { ...spec.resources } })
      Object.assign(server, { host: hs.host.id, taskState: 'block_device_mapping', updatedAt: nowIso() })
      recordStep(task, ctx.owner, 'reschedule', hs.host.name)
      ctx.progress({ taskId, serverName: server.name, step: 'reschedule', detail: hs.host.name })
      return 'rescheduled'
    }
  }
  // With retries enabled Nova ends in MaxRetriesExceeded; with max_attempts 1 the build error itself is the fault.
  server.host = null
  if (config.max_attempts > 1) {
    failServer(server, `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`, `Last error: ${message}`)
  } else failServer(server, `Build of server failed: ${message}`)
  finish(task, 'failed', message)
  return 'done'
}
