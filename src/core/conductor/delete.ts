// The delete workflow: destroy the domain and its files on the host, release the
// allocation, leave the server group, mark the server DELETED. Destroy is
// idempotent, so an interrupted delete is simply redone (Nova's _init_instance
// redoes a DELETING instance). A failed delete leaves the server in ERROR with
// the fault and its allocation, as Nova does, so the operator can retry.
// (`force` only changes when the delete runs: see ComputeApi.deleteServers.)
import { completeAction } from '../model/lifecycle.js'
import { dropRequestSpec } from '../api/request-specs.js'
import { cleanServerTokens } from '../console/auth/tokens.js'
import { instanceRef } from './context.js'
import { migrationConsumer } from './lookups.js'
import { step, type Workflow } from './runner.js'
import { finish, isOpen, serversOf, type TaskOf } from './tasks.js'

type DeleteTask = TaskOf<'delete'>

/** The delete workflow. */
export const deleteWorkflow: Workflow<DeleteTask> = {
  steps: [
    step<DeleteTask, string>(
      'destroy',
      async (job) => {
        // A server in the middle of a move also has files (and a claim) on the source.
        const source = job.server.migration?.sourceHost
        if (source && source !== job.server.host) await (await job.driverOf(source)).destroy(instanceRef(job.server))
        const host = job.state.hosts.find((h) => h.id === job.server.host)
        if (!host) return 'on no host'
        await (await job.driver()).destroy(instanceRef(job.server))
        return `on ${host.name}`
      },
      ({ state, server, task, now }, where) => {
        state.allocations = state.allocations.filter((a) => a.consumerId !== server.id && a.consumerId !== migrationConsumer(server.id))
        delete server.migration
        // As Nova does, a deleted server leaves its server group.
        for (const g of state.serverGroups) g.memberIds = g.memberIds.filter((id) => id !== server.id)
        completeAction(server, task.force ? 'force_delete' : 'delete', now)
        server.deletedAt = now
        dropRequestSpec(state, server.id)
        // Nova deletes a server's console tokens with it (they would be refused anyway).
        cleanServerTokens(state, server.id)
        // Work still queued for this server has nothing left to act on.
        for (const t of state.tasks) {
          if (t !== task && isOpen(t) && t.status === 'queued' && serversOf(t).every((id) => state.servers.find((s) => s.id === id)?.vmState === 'deleted')) {
            finish(t, 'failed', 'The server was deleted before this task started')
          }
        }
        return where
      },
    ),
  ],
  faultMessage: (message) => `Delete failed: ${message}`,
}
