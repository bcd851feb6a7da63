// The views of work: tasks (what conductors run, with the step each is at)
// and events (Nova's instance actions, newest first).
import { actionFields, actionView } from '../../cli/views-actions.js'
import type { Task } from '../../core/store/schema.js'
import { age } from '../format.js'
import type { Tone } from '../theme.js'
import { ageValue, indexed, linesOf, type View } from './view.js'

const ORDER: Record<Task['status'], number> = { running: 0, queued: 1, failed: 2, succeeded: 2 }
const TASK_TONE: Record<Task['status'], Tone> = { running: 'busy', queued: 'warn', failed: 'bad', succeeded: 'ok' }

/** Tasks as an operator wants them: running, then queued (oldest first), then finished (newest first). */
export function taskOrder(tasks: readonly Task[]): Task[] {
  return tasks
    .map((t, i) => ({ t, i }))
    .sort((a, b) => ORDER[a.t.status] - ORDER[b.t.status] || (ORDER[a.t.status] < 2 ? a.i - b.i : b.i - a.i))
    .map(({ t }) => t)
}

/** Tasks: what conductors run or will run, the step each is at and who holds it. */
export const tasksView: View = {
  name: 'tasks',
  aliases: ['task', 'jobs', 'queue', 'conductor'],
  columns: [
    { title: 'KIND', min: 6, max: 14, drop: 0 },
    { title: 'SERVER', min: 8, max: 20, drop: 0 },
    { title: 'STATUS', min: 9, max: 9, drop: 0 },
    { title: 'STEP', min: 6, max: 16, drop: 1 },
    { title: 'OWNER', min: 8, max: 22, drop: 3 },
    { title: 'AGE', min: 4, max: 4, drop: 2, align: 'right' },
    { title: 'ERROR', min: 5, drop: 4 },
  ],
  rows(snap) {
    const names = new Map(snap.state.servers.map((s) => [s.id, s.name]))
    return taskOrder(snap.state.tasks).map((t) => {
      const server = t.kind === 'schedule' ? t.batch.map((id) => names.get(id) ?? id.slice(0, 8)).join(',') : (names.get(t.serverId) ?? t.serverId.slice(0, 8))
      const step = t.steps.at(-1)?.name ?? ''
      const owner = t.lease && t.status === 'running' ? `${t.lease.hostname}:${t.lease.pid}` : ''
      return {
        key: t.id,
        cells: (now) => [{ text: t.kind }, { text: server }, { text: t.status, tone: TASK_TONE[t.status] }, { text: step }, { text: owner, tone: 'dim' }, { text: age(t.createdAt, now), tone: 'dim' }, { text: t.error ?? '', tone: 'bad' }],
        ...indexed(() => ({ kind: t.kind, server, status: t.status, step, owner, id: t.id, request: t.requestId, error: t.error })),
        // STATUS sorts running, queued, finished (ties keep taskOrder's order).
        sortValue: (title) => (title === 'STATUS' ? ORDER[t.status] : title === 'AGE' ? ageValue(t.createdAt) : undefined),
      }
    })
  },
  detail(snap, key) {
    const t = snap.state.tasks.find((x) => x.id === key)
    if (!t) return null
    const { steps, lease, ...rest } = t
    return [
      { title: `Task ${t.kind}`, lines: linesOf({ ...rest, lease: lease ? `${lease.owner} until ${lease.expiresAt}` : null }) },
      { title: 'Steps', lines: steps.map((s) => ({ label: s.at, value: `${s.name}${s.detail ? `: ${s.detail}` : ''}` })) },
    ]
  },
  empty: 'No tasks: nothing queued or recently run.',
  sort: { column: 'STATUS', descending: false },
}

/** Instance actions of every server, newest first. */
export const eventsView: View = {
  name: 'events',
  aliases: ['event', 'actions', 'ev', 'history'],
  columns: [
    { title: 'TIME', min: 8, max: 8, drop: 0 },
    { title: 'SERVER', min: 8, max: 20, drop: 0 },
    { title: 'ACTION', min: 6, max: 14, drop: 0 },
    { title: 'RESULT', min: 7, max: 11, drop: 0 },
    { title: 'USER', min: 5, max: 20, drop: 2 },
    { title: 'MESSAGE', min: 7, drop: 1 },
  ],
  rows(snap) {
    const names = new Map(snap.state.servers.map((s) => [s.id, s.name]))
    const out = []
    for (let i = snap.state.actions.length - 1; i >= 0; i--) {
      const a = snap.state.actions[i]
      const result = a.message ? 'Error' : a.finishTime ? 'Success' : 'In progress'
      const server = names.get(a.serverId) ?? a.serverId.slice(0, 8)
      out.push({
        key: `${a.requestId}/${a.serverId}`,
        cells: () => [{ text: a.startTime.slice(11, 19) }, { text: server }, { text: a.action }, { text: result, tone: (result === 'Error' ? 'bad' : result === 'Success' ? 'ok' : 'busy') as Tone }, { text: a.userId, tone: 'dim' as Tone }, { text: a.message ?? '' }],
        ...indexed(() => ({ server, action: a.action, result, user: a.userId, request: a.requestId, message: a.message, time: a.startTime })),
        sortValue: (title: string) => (title === 'TIME' ? Date.parse(a.startTime) : undefined),
      })
    }
    return out
  },
  detail(snap, key) {
    const a = snap.state.actions.find((x) => `${x.requestId}/${x.serverId}` === key)
    return a ? [{ title: `Action ${a.action}`, lines: linesOf(actionFields(actionView(a))) }] : null
  },
  empty: 'No events yet: every server action is recorded here.',
  sort: { column: 'TIME', descending: true },
}
