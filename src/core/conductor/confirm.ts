// Confirm or revert a resize or cold migration waiting in VERIFY_RESIZE.
// Confirm: the source's kept files and its claim go; the request spec takes
// the new flavor. Revert: the destination's copy goes, the source's files come
// back and start again (if the server ran), the old flavor and claim return.
// Both are redone after an interruption (their host work is idempotent).
import { requestSpecOf } from '../api/request-specs.js'
import { completeAction } from '../model/lifecycle.js'
import { instanceRef } from './context.js'
import { hostNameOf, migrationConsumer } from './lookups.js'
import { restoreSource, unwindHosts } from './resize.js'
import { step, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type ConfirmTask = TaskOf<'confirm_resize'>
type RevertTask = TaskOf<'revert_resize'>

/** The confirm workflow. */
export const confirmWorkflow: Workflow<ConfirmTask> = {
  steps: [
    step<ConfirmTask>(
      'confirm',
      async (job) => {
        const m = job.server.migration
        if (m) await (await job.driverOf(m.sourceHost)).confirmMigration(instanceRef(job.server))
      },
      ({ state, server, now }) => {
        const m = server.migration
        state.allocations = state.allocations.filter((a) => a.consumerId !== migrationConsumer(server.id))
        requestSpecOf(state, server.id).flavor = server.flavor
        completeAction(server, 'confirm_resize', now, m?.oldVmState)
        delete server.migration
        return m ? `kept files removed from ${hostNameOf(state, m.sourceHost)}` : undefined
      },
    ),
  ],
}

/** The revert workflow. */
export const revertWorkflow: Workflow<RevertTask> = {
  steps: [
    step<RevertTask>(
      'revert',
      async (job) => unwindHosts(job),
      ({ state, server, now }) => {
        const source = server.migration?.sourceHost
        restoreSource(state, server, now)
        return `back on ${hostNameOf(state, source)}`
      },
    ),
  ],
}
