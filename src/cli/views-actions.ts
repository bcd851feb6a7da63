// How instance actions read: `server event list|show`, in Nova's field names.
import type { InstanceAction } from '../core/store/schema.js'

/** An instance action as the CLI shows it. */
export function actionView(a: InstanceAction) {
  return {
    request_id: a.requestId,
    server_id: a.serverId,
    action: a.action,
    project_id: a.projectId,
    user_id: a.userId,
    start_time: a.startTime,
    finish_time: a.finishTime ?? null,
    result: a.message ? 'Error' : a.finishTime ? 'Success' : 'In progress',
    message: a.message ?? null,
    events: a.events.map((e) => ({ event: e.event, start_time: e.startTime, finish_time: e.finishTime ?? null, result: e.result ?? null, details: e.details ?? null, steps: e.steps })),
  }
}
/** The JSON shape of an instance action. */
export type ActionView = ReturnType<typeof actionView>

/** Every column of `server event list`: homenova's default ones, then the two more of openstack's (its --long has Project ID). */
export const ACTION_HEAD = ['Request ID', 'Action', 'Result', 'Start Time', 'Finish Time', 'User ID', 'Message', 'Server ID', 'Project ID']
/** The columns shown without --long (openstack's Server ID is the server asked about, so left to -c and --long). */
export const ACTION_SHORT = ACTION_HEAD.slice(0, 7)

/** One row of `server event list`, a cell per ACTION_HEAD. */
export function actionRow(v: ActionView): Array<string | null> {
  return [v.request_id, v.action, v.result, v.start_time, v.finish_time, v.user_id, v.message, v.server_id, v.project_id]
}

/** The Field/Value pairs of `server event show`: each event with its steps. */
export function actionFields(v: ActionView): Record<string, unknown> {
  const events = v.events.map((e) => {
    const steps = e.steps.map((s) => `    ${s.at} ${s.name}${s.detail ? `: ${s.detail}` : ''}`).join('\n')
    return `${e.event}: ${e.result ?? 'running'} (${e.start_time} - ${e.finish_time ?? '...'})${e.details ? `\n    ${e.details}` : ''}${steps ? `\n${steps}` : ''}`
  })
  return { ...v, events: events.join('\n') }
}
