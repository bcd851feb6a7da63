// The durable task queue inside the store: enqueue, claim with a lease, record
// steps, finish. All functions here run inside a store transaction.
import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import { nowIso } from '../clock.js'
import type { State, Task } from '../store/schema.js'
import { leaseHeld, newLease, type LeaseOwner } from './lease.js'

/** The task of one kind, with that kind's own fields. */
export type TaskOf<K extends Task['kind']> = Extract<Task, { kind: K }>
type KindFields<K extends Task['kind']> = Omit<TaskOf<K>, keyof Task>

/** Adds a queued task of `kind` for `serverId`, carrying out instance action `requestId`. */
export function enqueue<K extends Task['kind']>(state: State, kind: K, serverId: string, requestId: string, fields: KindFields<K>): TaskOf<K> {
  const now = nowIso()
  const task = { id: randomUUID(), kind, serverId, requestId, status: 'queued', resumeAt: 0, steps: [], lease: null, takeovers: 0, createdAt: now, updatedAt: now, ...fields } as unknown as TaskOf<K>
  state.tasks.push(task)
  return task
}

/** Whether a task still has work to do. */
export function isOpen(task: Task): boolean {
  return task.status === 'queued' || task.status === 'running'
}

/** The servers a task works on. */
export function serversOf(task: Task): string[] {
  return task.kind === 'schedule' ? task.batch : [task.serverId]
}

/** Limits on what runs at once, from the settings. */
export interface ClaimLimits {
  /** Nova's max_concurrent_builds: builds running at once on one host, across processes. */
  maxBuildsPerHost: number
}

/**
 * Whether a task can be claimed now: open, not leased by a live owner, first
 * in line for each of its servers (tasks of one server run one after another,
 * in the order they were accepted), and within its host's build limit.
 */
export function claimable(state: State, task: Task, clock: Clock, limits: ClaimLimits): boolean {
  if (!isOpen(task) || leaseHeld(task.lease, clock.now())) return false
  const mine = new Set(serversOf(task))
  for (const other of state.tasks) {
    if (other === task) break // state.tasks is in the order tasks were accepted
    if (isOpen(other) && serversOf(other).some((id) => mine.has(id))) return false
  }
  if (task.kind === 'build') {
    const host = state.servers.find((s) => s.id === task.serverId)?.host
    const running = state.tasks.filter((t) => t.kind === 'build' && t !== task && t.status === 'running' && leaseHeld(t.lease, clock.now()) && state.servers.find((s) => s.id === t.serverId)?.host === host)
    if (running.length >= limits.maxBuildsPerHost) return false
  }
  return true
}

/** A claimed task, and whether it was taken over from an owner that stopped. */
export interface Claimed {
  task: Task
  takeover: boolean
}

/** Claims the oldest claimable task that `accept` allows for `owner`; undefined if none. */
export function claim(state: State, owner: LeaseOwner, clock: Clock, limits: ClaimLimits, accept: (task: Task) => boolean = () => true): Claimed | undefined {
  const task = state.tasks.find((t) => accept(t) && claimable(state, t, clock, limits))
  if (!task) return undefined
  const takeover = task.status === 'running'
  if (takeover) task.takeovers += 1
  task.status = 'running'
  task.lease = newLease(owner, clock.now())
  task.updatedAt = nowIso()
  return { task, takeover }
}

/** The task if `owner` still holds its lease, else undefined (someone took it over, or it ended). */
export function ownedTask(state: State, taskId: string, owner: LeaseOwner): Task | undefined {
  const task = state.tasks.find((t) => t.id === taskId)
  return task && task.lease?.owner === owner.owner && task.status === 'running' ? task : undefined
}

/** Records a committed step and renews the lease. */
export function recordStep(task: Task, owner: LeaseOwner, clock: Clock, name: string, detail?: string): void {
  task.steps.push({ name, at: nowIso(), ...(detail ? { detail } : {}) })
  task.lease = newLease(owner, clock.now())
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
