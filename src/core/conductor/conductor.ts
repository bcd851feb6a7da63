// nova-conductor's job without a message queue: any homenova process claims
// tasks from the store with a lease and runs their workflow. `server create
// --wait` runs its own task here; `homenova conductor` runs everything.
import { ConflictError } from '../errors.js'
import type { Store } from '../store/store.js'
import type { Task } from '../store/schema.js'
import type { DriverFactory } from '../../hypervisor/driver.js'
import type { ProgressEvent, TaskContext } from './context.js'
import { LEASE_MS, leaseOwner, newLease } from './lease.js'
import { claim, ownedTask, pruneFinished } from './tasks.js'

// Builds of one multi-create request that one process runs at a time.
const BUILDS_AT_ONCE = 4
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Claims and runs tasks. */
export class Conductor {
  private readonly ctx: TaskContext

  constructor(store: Store, drivers: DriverFactory, progress: (event: ProgressEvent) => void = () => {}) {
    this.ctx = { store, drivers, owner: leaseOwner(), progress }
  }

  /** Claims and runs the oldest claimable task; false if there was none. */
  async runNext(): Promise<boolean> {
    const task = await this.ctx.store.transact((state) => structuredClone(claim(state, this.ctx.owner)))
    if (!task) return false
    await this.execute(task)
    return true
  }

  /** Runs until no claimable task is left; returns how many ran. */
  async drain(): Promise<number> {
    let count = 0
    while (await this.runNext()) count++
    return count
  }

  /** Runs tasks until `signal` aborts, polling the store when idle. */
  async serve(signal: AbortSignal, pollMs = 1000): Promise<void> {
    while (!signal.aborted) {
      if (!(await this.runNext())) await sleep(pollMs)
    }
  }

  /**
   * Runs one given task to its end here if it can be claimed, otherwise follows
   * it (another process works on it) until it ends. Returns its final record.
   */
  async complete(taskId: string): Promise<Task> {
    const seen = new Set<string>()
    for (;;) {
      const claimed = await this.ctx.store.transact((state) => structuredClone(claim(state, this.ctx.owner, taskId)))
      if (claimed) await this.execute(claimed)
      const state = await this.ctx.store.read()
      const task = state.tasks.find((t) => t.id === taskId)
      if (!task) throw new Error(`Task ${taskId} disappeared from the store`)
      const server = state.servers.find((s) => s.id === task.serverId)
      for (const step of task.steps) {
        const key = `${step.name}@${step.at}`
        if (!seen.has(key) && !claimed) this.ctx.progress({ taskId, serverName: server?.name ?? '', step: step.name, detail: step.detail })
        seen.add(key)
      }
      if (task.status === 'succeeded' || task.status === 'failed') return task
      await sleep(250)
    }
  }

  /**
   * Completes a create request: its schedule task, then the build task of every
   * server it placed (several at once). Returns the final records of those tasks.
   */
  async completeRequest(scheduleTaskId: string): Promise<Task[]> {
    const scheduled = await this.complete(scheduleTaskId)
    const batch = new Set(scheduled.batch ?? [scheduled.serverId])
    const builds = (await this.ctx.store.read()).tasks.filter((t) => t.kind === 'build' && batch.has(t.serverId))
    const done: Task[] = []
    for (let i = 0; i < builds.length; i += BUILDS_AT_ONCE) {
      done.push(...(await Promise.all(builds.slice(i, i + BUILDS_AT_ONCE).map((t) => this.complete(t.id)))))
    }
    return [scheduled, ...done]
  }

  private async execute(task: Task): Promise<void> {
    const heartbeat = setInterval(() => {
      this.ctx.store
        .transact((state) => {
          ownedTask(state, task.id, this.ctx.owner).lease = newLease(this.ctx.owner)
        })
        .catch(() => undefined) // a lost lease shows up at the workflow's next step
    }, LEASE_MS / 3)
    try {
      // The workflows (and the scheduler) load when a task runs, not when a command starts.
      if (task.kind === 'schedule') await (await import('./schedule.js')).runSchedule(this.ctx, task.id)
      else if (task.kind === 'build') await (await import('./build.js')).runBuild(this.ctx, task.id)
      else await (await import('./delete.js')).runDelete(this.ctx, task.id)
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err
    } finally {
      clearInterval(heartbeat)
      await this.ctx.store.transact((state) => pruneFinished(state)).catch(() => undefined)
    }
  }
}
