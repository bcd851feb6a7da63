// The durable task queue inside the store: enqueue, claim with a lease, record
// steps, finish. All functions here run inside a store transaction.
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import { ConflictError } from '../errors.js'
import type { State, Task } from '../store/schema.js'
import { leaseHeld, newLease, type LeaseOwner } from './lease.js'

/** Adds a queued task. */
export function enqueue(state: State, kind: Task['kind'], serverId: string): Task {
  const now = nowIso()
  const task: Task = { id: randomUUID(), kind, serverId, status: 'queued', steps: [], lease: null, takeovers: 0, createdAt: now, updatedAt: now }
  state.tasks.push(task)
  return task
}

function isOpen(task: Task): boolean {
  return task.status === 'queued' || task.status === 'running'
}

/** Whether a task can be claimed now: open, not leased by a live owner, and not waiting on another task. */
export function claimable(state: State, task: Task): boolean {
  if (!isOpen(task) || leaseHeld(task.lease)) return false
  // A delete waits until no schedule or build of the same server is being worked on.
  if (task.kind === 'delete') {
    return !state.tasks.some((t) => t.kind !== 'delete' && (t.batch ?? [t.serverId]).includes(task.serverId) && isOpen(t) && leaseHeld(t.lease))
  }
  return true
}

/** Claims a task (a given one, or the oldest claimable one) for `owner`; undefined if none. */
export function claim(state: State, owner: LeaseOwner, taskId?: string): Task | undefined {
  const task = taskId ? state.tasks.find((t) => t.id === taskId) : state.tasks.find((t) => claimable(state, t))
  if (!task || !claimable(state, task)) return undefined
  if (task.status === 'running') task.takeovers += 1
  task.status = 'running'
  task.lease = newLease(owner)
  task.updatedAt = nowIso()
  return task
}

/** The task, still leased by `owner`; a ConflictError if someone else took it over. */
export function ownedTask(state: State, taskId: string, owner: LeaseOwner): Task {
  const task = state.tasks.find((t) => t.id === taskId)
  if (!task || task.lease?.owner !== owner.owner || task.status !== 'running') {
    throw new ConflictError(`Task ${taskId} is no longer leased by this process`)
  }
  return task
}

/** Records a finished step, and renews the lease. */
export function recordStep(task: Task, owner: LeaseOwner, name: string, detail?: string): void {
  task.steps.push({ name, at: nowIso(), ...(detail ? { detail } : {}) })
  task.lease = newLease(owner)
  task.updatedAt = nowIso()
}

/** Ends a task. */
export function finish(task: Task, status: 'succeeded' | 'failed', error?: string): void {
  task.status = status
  task.lease = null
  task.updatedAt = nowIso()
  if (error) task.error = error
}

/** Drops finished tasks beyond the newest `keep`, so the store does not grow without bound. */
export function pruneFinished(state: State, keep = 200): void {
  const finished = state.tasks.filter((t) => !isOpen(t))
  if (finished.length <= keep) return
  const drop = new Set(finished.slice(0, finished.length - keep).map((t) => t.id))
  state.tasks = state.tasks.filter((t) => !drop.has(t.id))
}
