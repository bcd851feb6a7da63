// Evacuate, as Nova's rebuild_instance(recreate=True) does it for a host that
// is down: the scheduler picks another host (never the dead one), the server
// claims there, and its disk is made anew from its image, since homenova's
// hosts keep disks locally (Nova without shared storage). A stopped server
// stays stopped. The dead host keeps its claim and its domain until it is
// seen up again; then the power-state sync removes both (compute/evacuated.ts),
// as Nova's compute service does at start-up, so the guest never runs twice.
import { rescheduleSpecOf } from '../api/request-specs.js'
import { noValidHost, setServerState } from '../model/lifecycle.js'
import { schedulerConfig } from '../scheduler/config.js'
import { buildRequestSpec } from '../scheduler/request-builder.js'
import { schedule } from '../scheduler/scheduler.js'
import { rebuildSteps } from './rebuild.js'
import { evacuationConsumer, hostNameOf, serverImageOf } from './lookups.js'
import { step, type Commit, type CommitResult, type Workflow } from './runner.js'
import type { TaskOf } from './tasks.js'

type EvacuateTask = TaskOf<'evacuate'>

function pickDestination({ state, task, server, now }: Commit<EvacuateTask>): CommitResult {
  const source = server.host!
  const stored = rescheduleSpecOf(state, server.id)
  const spec = buildRequestSpec(state, server.flavor, serverImageOf(state, server), {
    ...stored,
    ...(task.host ? { forcedHost: task.host } : {}),
    numInstances: 1,
    instanceId: server.id,
    ignoreHostIds: [source],
    ignoreReason: { check: 'SourceHost', reason: `${server.name} is being evacuated from it` },
  })
  const result = schedule(state, spec, schedulerConfig(state.config), { explain: false })
  if (result.failure !== undefined) {
    return { fail: noValidHost(server, result.failure, now) }
  }
  const dest = result.selections[0].host.host
  // The dead host's claim stays (under its own consumer) until the host is back
  // and its domain is gone: its resources are not free before that.
  const held = state.allocations.find((a) => a.consumerId === server.id && a.providerId === source)
  if (held) held.consumerId = evacuationConsumer(server.id, source)
  state.allocations.push({ consumerId: server.id, providerId: dest.id, resources: { ...spec.resources } })
  const sourceHost = state.hosts.find((h) => h.id === source)
  if (sourceHost) sourceHost.evacuated = [...(sourceHost.evacuated ?? []).filter((e) => e.serverId !== server.id), { serverId: server.id, domainName: server.domainName, at: now }]
  server.host = dest.id
  setServerState(server, { taskState: 'rebuild_spawning' }, now)
  return `${hostNameOf(state, source)} -> ${dest.name}`
}

/** The evacuate workflow. */
export const evacuateWorkflow: Workflow<EvacuateTask> = {
  steps: [
    step<EvacuateTask>('schedule', null, pickDestination),
    ...rebuildSteps<EvacuateTask>('evacuate'),
  ],
  // Nova ends an interrupted or failed evacuation ERROR on the new host; evacuating again or rebuilding recovers it.
  onTakeover: async () => ({ fail: 'The conductor running this evacuation stopped before it finished; rebuild the server or evacuate it again' }),
  faultMessage: (message) => `Evacuation failed: ${message}`,
}
