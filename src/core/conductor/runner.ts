// The one task runner. A workflow is a list of typed steps: slow work (driver
// calls) outside any transaction, then a commit. The runner alone records the
// resume point after each commit, skips committed steps on a takeover, turns
// "abandoned" and "lease lost" into outcomes (never a throw inside a
// transaction), turns an unexpected error into a failed task and the server in
// ERROR with a fault, and emits one event per committed step, after the commit.
import type { HypervisorDriver } from '../../hypervisor/driver.js'
import { nowIso } from '../clock.js'
import { failServer } from '../model/lifecycle.js'
import type { Server, State, Task } from '../store/schema.js'
import { eventFinish, eventStep } from './actions.js'
import type { StepPoint, TaskContext, TaskEvent } from './context.js'
import { finish, ownedTask, recordStep } from './tasks.js'

/** What a step sees of its task: the state as read before the step, and the server's host driver. */
export interface Job<T extends Task> {
  ctx: TaskContext
  task: T
  server: Server
  state: State
  /** The driver of the server's current host (one shared connection per host). */
  driver(): Promise<HypervisorDriver>
  /** The driver of another host (a move's source or destination). */
  driverOf(hostId: string): Promise<HypervisorDriver>
}

/** What a commit may change: the live state inside the transaction. */
export interface Commit<T extends Task> {
  state: State
  task: T
  server: Server
  job: Job<T>
  now: string
}

/** A commit's result: a detail for the step's record, or the end of the task as failed (the commit has placed the server). */
export type CommitResult = string | undefined | void | { fail: string }

/**
 * One step of a workflow. Its io must be safe to redo: a takeover redoes a step
 * whose commit did not happen. The commit receives what the io returned (a
 * string io result is also the step's default detail). Build steps with step().
 */
export interface Step<T extends Task> {
  name: string
  io?: (job: Job<T>) => Promise<unknown>
  commit?: (c: Commit<T>, result: unknown) => CommitResult
}

/** A typed step: `commit` gets exactly what `io` returned. */
export function step<T extends Task, R = void>(name: string, io: ((job: Job<T>) => Promise<R>) | null, commit?: (c: Commit<T>, result: R) => CommitResult): Step<T> {
  return { name, ...(io ? { io } : {}), ...(commit ? { commit: (c: Commit<T>, result: unknown) => commit(c, result as R) } : {}) }
}

/** How a task that another process was running continues here (Nova's _init_instance). */
/** resume: go on (after `commit`); fail: ERROR with a fault; end: the task ends failed, the server left as `commit` put it (a rollback). */
export type Takeover<T extends Task> =
  | { resume: true; commit?: (c: Commit<T>) => void }
  | { fail: string; commit?: (c: Commit<T>) => void }
  | { end: string; commit: (c: Commit<T>) => void }

/** A workflow for one task kind. */
export interface Workflow<T extends Task> {
  steps: readonly Step<T>[]
  /** Ends the task early, leaving the server to someone else, when this returns a reason. Default: the server is being deleted. */
  abandonIf?: (server: Server, task: T) => string | null
  /** Slow cleanup after an unexpected error, run only while this process still holds the task. */
  cleanup?: (job: Job<T>, message: string) => Promise<void>
  /** After an unexpected error, inside the transaction: recover (`restart` from step 0) or fail. Default: ERROR with a fault. */
  onError?: (c: Commit<T>, message: string) => 'restart' | 'failed'
  /** What a takeover does before resuming; default: resume where the last owner stopped. */
  onTakeover?: (job: Job<T>) => Promise<Takeover<T>>
  /** The fault message of a failure; default "<Kind> failed: <error>". */
  faultMessage?: (message: string) => string
}

/** How a run ended. */
export type Outcome =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: string }
  | { kind: 'abandoned'; reason: string }
  | { kind: 'lease_lost' }

const deleting = (server: Server, task: Task) => (task.kind !== 'delete' && (server.taskState === 'deleting' || server.vmState === 'deleted') ? 'The server is being deleted' : null)
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Runs (or resumes) a task this process has claimed, to its outcome. */
export async function runTask<T extends Task>(ctx: TaskContext, taskId: string, workflow: Workflow<T>, takeover: boolean): Promise<Outcome> {
  const abandonIf = workflow.abandonIf ?? deleting
  let job = await loadJob<T>(ctx, taskId)
  if (!job) return { kind: 'lease_lost' }
  const emit = (step: string, phase: TaskEvent['phase'], detail?: string) =>
    ctx.emit({ taskId, requestId: job!.task.requestId, kind: job!.task.kind, serverId: job!.server.id, serverName: job!.server.name, step, phase, ...(detail ? { detail } : {}) })
  const point = (step: string, index: number, phase: StepPoint['phase']) => ctx.hooks?.at?.({ taskId, kind: job!.task.kind, step, index, phase })

  // Ends the task in one transaction, unless the lease moved on; emits after the commit.
  const end = async (how: (c: Commit<T>) => Outcome): Promise<Outcome> => {
    const outcome = await transactOwned(ctx, job!, how)
    if (outcome.kind === 'failed') emit('failed', 'failed', outcome.error)
    else if (outcome.kind === 'abandoned') emit('abandoned', 'abandoned', outcome.reason)
    return outcome
  }
  const fail = (message: string) => (c: Commit<T>): Outcome => {
    failServer(c.server, c.now, workflow.faultMessage?.(message) ?? `${capitalized(c.task.kind)} failed: ${message}`)
    finish(c.task, 'failed', message)
    eventFinish(c.state, c.task, 'Error', message)
    return { kind: 'failed', error: message }
  }

  try {
    if (takeover && workflow.onTakeover) {
      const decided = await workflow.onTakeover(job)
      if ('fail' in decided) return await end((c) => (decided.commit?.(c), fail(decided.fail)(c)))
      if ('end' in decided) {
        return await end((c) => {
          decided.commit(c)
          finish(c.task, 'failed', decided.end)
          eventFinish(c.state, c.task, 'Error', decided.end)
          return { kind: 'failed', error: decided.end }
        })
      }
      if (decided.commit) {
        const applied = await transactOwned(ctx, job, (c) => (decided.commit!(c), { kind: 'succeeded' }))
        if (applied.kind !== 'succeeded') return applied
        job = (await loadJob<T>(ctx, taskId))!
      }
    }
    for (let i = job.task.resumeAt; i < workflow.steps.length; i++) {
      const current = workflow.steps[i]
      const early = abandonIf(job.server, job.task)
      if (early) return await end(abandon(early))
      await point(current.name, i, 'before-io')
      const ioResult = current.io ? await current.io(job) : undefined
      await point(current.name, i, 'before-commit')
      const last = i === workflow.steps.length - 1
      let detail: string | undefined
      const outcome = await transactOwned(ctx, job, (c): Outcome | null => {
        const why = abandonIf(c.server, c.task)
        if (why) return abandon(why)(c)
        const result = current.commit ? current.commit(c, ioResult) : typeof ioResult === 'string' ? ioResult : undefined
        if (result && typeof result === 'object') {
          finish(c.task, 'failed', result.fail)
          eventFinish(c.state, c.task, 'Error', result.fail)
          return { kind: 'failed', error: result.fail }
        }
        detail = result ?? undefined
        c.task.resumeAt = i + 1
        recordStep(c.task, ctx.owner, ctx.clock, current.name, detail)
        eventStep(c.state, c.task)
        if (last) {
          finish(c.task, 'succeeded')
          eventFinish(c.state, c.task, 'Success')
          return { kind: 'succeeded' }
        }
        return null
      })
      if (outcome?.kind === 'lease_lost') return outcome
      if (outcome?.kind === 'failed' || outcome?.kind === 'abandoned') {
        emit(outcome.kind === 'failed' ? 'failed' : 'abandoned', outcome.kind, outcome.kind === 'failed' ? outcome.error : outcome.reason)
        return outcome
      }
      emit(current.name, 'step', detail)
      await point(current.name, i, 'after-commit')
      if (outcome?.kind === 'succeeded') {
        emit('done', 'succeeded')
        return outcome
      }
      const next = await loadJob<T>(ctx, taskId)
      if (!next) return { kind: 'lease_lost' }
      job = next
    }
    return { kind: 'succeeded' } // every step was committed before a takeover
  } catch (err) {
    const message = messageOf(err)
    const current = await loadJob<T>(ctx, taskId)
    if (!current) return { kind: 'lease_lost' } // the task belongs to someone else now: touch nothing
    job = current
    if (workflow.cleanup) await workflow.cleanup(job, message).catch(() => undefined)
    let restarted: Array<string | undefined> | undefined
    const outcome = await end((c) => {
      if (workflow.onError?.(c, message) === 'restart') {
        restarted = c.task.steps.slice(-2).map((s) => s.detail) // what failed where, and where it goes next
        c.task.resumeAt = 0
        return { kind: 'succeeded' }
      }
      if (c.task.status === 'failed') return { kind: 'failed', error: c.task.error ?? message } // onError placed the server itself
      return fail(message)(c)
    })
    if (restarted !== undefined) {
      emit('failed', 'step', restarted[0] ?? message)
      emit('reschedule', 'step', restarted[1])
      return runTask(ctx, taskId, workflow, false)
    }
    return outcome
  }

  function abandon(reason: string) {
    return (c: Commit<T>): Outcome => {
      finish(c.task, 'failed', reason)
      eventFinish(c.state, c.task, 'Error', reason)
      return { kind: 'abandoned', reason }
    }
  }
}

/** Runs `fn` on the live task and server if this process still holds the task; `lease_lost` otherwise. */
async function transactOwned<T extends Task, R extends Outcome | null>(ctx: TaskContext, job: Job<T>, fn: (c: Commit<T>) => R): Promise<R | { kind: 'lease_lost' }> {
  return ctx.store.transact((state) => {
    const task = ownedTask(state, job.task.id, ctx.owner) as T | undefined
    const server = task && state.servers.find((s) => s.id === task.serverId)
    if (!task || !server) return { kind: 'lease_lost' as const }
    return fn({ state, task, server, job, now: nowIso() })
  })
}

/** Reads the task and its server as they are now; undefined if this process no longer holds the task. */
async function loadJob<T extends Task>(ctx: TaskContext, taskId: string): Promise<Job<T> | undefined> {
  const state = await ctx.store.read()
  const task = ownedTask(state, taskId, ctx.owner) as T | undefined
  const server = task && state.servers.find((s) => s.id === task.serverId)
  if (!task || !server) return undefined
  const driverOf = (hostId: string | null) => {
    const host = state.hosts.find((h) => h.id === hostId)
    if (!host) throw new Error(hostId ? `Host ${hostId} of server ${server.name} no longer exists` : `Server ${server.name} is not on any host`)
    return ctx.drivers.get(host)
  }
  return { ctx, task, server, state, driver: () => driverOf(server.host), driverOf }
}
