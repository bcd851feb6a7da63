// The delete workflow: destroy the domain and its files on the host, release the
// allocation, mark the server DELETED. Destroy is idempotent, so a resumed
// delete simply runs again.
import { nowIso } from '../clock.js'
import { POWER_STATE } from '../store/constants.js'
import { instanceRef, type TaskContext } from './context.js'
import { finish, ownedTask, recordStep } from './tasks.js'

/** Runs (or resumes) a delete task this process holds the lease of. */
export async function runDelete(ctx: TaskContext, taskId: string): Promise<void> {
  const { store, owner } = ctx
  const { server, host } = await store.transact((state) => {
    const task = ownedTask(state, taskId, owner)
    const srv = state.servers.find((s) => s.id === task.serverId)
    if (!srv) throw new Error(`Task ${taskId} refers to a missing server ${task.serverId}`)
    return { server: structuredClone(srv), host: state.hosts.find((h) => h.id === srv.host) }
  })
  try {
    if (host) {
      const driver = await ctx.drivers(host)
      try {
        await driver.destroy(instanceRef(server))
      } finally {
        await driver.close()
      }
      ctx.progress({ taskId, serverName: server.name, step: 'destroyed', detail: host.name })
    }
    await store.transact((state) => {
      const task = ownedTask(state, taskId, owner)
      const srv = state.servers.find((s) => s.id === task.serverId)!
      const now = nowIso()
      state.allocations = state.allocations.filter((a) => a.consumerId !== srv.id)
      // As Nova does, a deleted server leaves its server group.
      for (const g of state.serverGroups) g.memberIds = g.memberIds.filter((id) => id !== srv.id)
      Object.assign(srv, { vmState: 'deleted', taskState: null, powerState: POWER_STATE.NOSTATE, deletedAt: now, updatedAt: now })
      for (const t of state.tasks) {
        if (t.serverId === srv.id && t.kind === 'build' && t.status === 'queued') finish(t, 'failed', 'The server was deleted before its build started')
        // A schedule task still queued for this server alone has nothing left to place.
        if (t.kind === 'schedule' && t.status === 'queued' && (t.batch ?? [t.serverId]).every((id) => state.servers.find((s) => s.id === id)?.vmState === 'deleted')) {
          finish(t, 'failed', 'Every server of the request was deleted before it was scheduled')
        }
      }
      recordStep(task, owner, 'delete', host?.name)
      finish(task, 'succeeded')
      ctx.progress({ taskId, serverName: srv.name, step: 'deleted' })
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    // As Nova does: a delete that fails leaves the server in ERROR with the
    // fault, keeping its allocation, so the operator can retry the delete.
    await store.transact((state) => {
      const task = ownedTask(state, taskId, owner)
      const srv = state.servers.find((s) => s.id === task.serverId)!
      Object.assign(srv, { vmState: 'error', taskState: null, updatedAt: nowIso() })
      srv.fault = { code: 500, message: `Delete failed: ${message}`, at: nowIso() }
      finish(task, 'failed', message)
      ctx.progress({ taskId, serverName: srv.name, step: 'failed', detail: message })
    })
  }
}
