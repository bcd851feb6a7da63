// Nova's instance actions: one record per request on a server (who asked what,
// when, with what result) and an event per conductor task that carried it out,
// with its steps. `server event list|show` reads them.
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import type { Caller } from '../api/caller.js'
import type { InstanceAction, State, Task } from '../store/schema.js'
import { isOpen, serversOf } from './tasks.js'

// Nova's event names for the work of each task kind.
const EVENT_NAMES: Record<Task['kind'], string> = {
  schedule: 'conductor_schedule_and_build_instances',
  build: 'compute_build_and_run_instance',
  delete: 'compute_terminate_instance',
  start: 'compute_start_instance',
  stop: 'compute_stop_instance',
  reboot: 'compute_reboot_instance',
  pause: 'compute_pause_instance',
  unpause: 'compute_unpause_instance',
  suspend: 'compute_suspend_instance',
  resume: 'compute_resume_instance',
  rebuild: 'compute_rebuild_instance',
  snapshot: 'compute_snapshot_instance',
  rescue: 'compute_rescue_instance',
  unrescue: 'compute_unrescue_instance',
  resize: 'compute_resize_instance',
  live_migrate: 'compute_live_migration',
  confirm_resize: 'compute_confirm_resize',
  revert_resize: 'compute_revert_resize',
  shelve: 'compute_shelve_offload_instance',
  unshelve: 'compute_unshelve_instance',
  evacuate: 'compute_rebuild_instance',
}

// Actions kept per store: enough history for every live server, bounded.
const KEEP_ACTIONS = 5000

/** A new request id, in Nova's `req-<uuid>` form. */
export function newRequestId(): string {
  return `req-${randomUUID()}`
}

/** Records that `caller` asked for `action` on a server; returns the record. */
export function recordAction(state: State, serverId: string, action: string, caller: Caller, requestId = newRequestId()): InstanceAction {
  const record: InstanceAction = { requestId, serverId, action, projectId: caller.projectId, userId: caller.userId, startTime: nowIso(), events: [] }
  state.actions.push(record)
  if (state.actions.length > KEEP_ACTIONS) state.actions.splice(0, state.actions.length - KEEP_ACTIONS)
  return record
}

/** Records an action that is done as soon as it is accepted (lock, unlock, update). */
export function recordInstantAction(state: State, serverId: string, action: string, caller: Caller): void {
  const record = recordAction(state, serverId, action, caller)
  record.finishTime = record.startTime
}

// The actions a task works for: one per server (a schedule task serves its whole batch).
function actionsOf(state: State, task: Task): InstanceAction[] {
  const ids = new Set(serversOf(task))
  return state.actions.filter((a) => a.requestId === task.requestId && ids.has(a.serverId))
}

/** The task's event on an action, opened when the task first commits. */
function eventOn(action: InstanceAction, task: Task) {
  const name = EVENT_NAMES[task.kind]
  let event = action.events.find((e) => e.event === name && !e.finishTime)
  if (!event) {
    event = { event: name, startTime: nowIso(), steps: [] }
    action.events.push(event)
  }
  return event
}

/** Copies a committed step onto the task's events. */
export function eventStep(state: State, task: Task): void {
  const step = task.steps.at(-1)
  if (step) for (const action of actionsOf(state, task)) eventOn(action, task).steps.push(step)
}

/** Closes the task's events and, where no other task of the request is left for that server, the action. */
export function eventFinish(state: State, task: Task, result: 'Success' | 'Error', message?: string): void {
  const now = nowIso()
  for (const action of actionsOf(state, task)) {
    const event = eventOn(action, task)
    event.finishTime = now
    event.result = result
    if (message) event.details = message
    if (result === 'Error') action.message = message ?? 'Error'
    const open = state.tasks.some((t) => t !== task && t.requestId === task.requestId && isOpen(t) && serversOf(t).includes(action.serverId))
    if (!open) action.finishTime = now
  }
}
