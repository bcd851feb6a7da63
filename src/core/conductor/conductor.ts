// nova-conductor's job without a message queue: any homenova process claims
// tasks from the store with a lease and runs their workflows, several at once
// (tasks of one server one after another; builds per host up to
// max_concurrent_builds), sharing one connection per host.
import { systemClock, type Clock } from '../clock.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { Store } from '../store/store.js'
import type { Task } from '../store/schema.js'
import type { DriverFactory } from '../../hypervisor/driver.js'
import type { RunnerHooks, TaskContext, TaskEvent } from './context.js'
import { DriverPool } from './driver-pool.js'
import { LEASE_MS, leaseOwner, newLease } from './lease.js'
import type { Outcome, Workflow } from './runner.js'
import { claim, type Claimed, pruneFinished } from './tasks.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const everything = () => true

/** How a conductor is set up; the defaults suit the product. */
export interface ConductorOptions {
  clock?: Clock
  onEvent?: (event: TaskEvent) => void
  hooks?: RunnerHooks
}

// Workflows load when a task of their kind runs, not when a command starts.
async function workflowFor(task: Task): Promise<Workflow<Task>> {
  const load = async (): Promise<Workflow<never>> => {
    switch (task.kind) {
      case 'schedule':
        return (await import('./schedule.js')).scheduleWorkflow
      case 'build':
        return (await import('./build.js')).buildWorkflow
      case 'delete':
        return (await import('./delete.js')).deleteWorkflow
      case 'rebuild':
        return (await import('./rebuild.js')).rebuildWorkflow
      case 'snapshot':
        return (await import('./snapshot.js')).snapshotWorkflow
      case 'rescue':
        return (await import('./rescue.js')).rescueWorkflow
      case 'unrescue':
        return (await import('./rescue.js')).unrescueWorkflow
      case 'resize':
        return (await import('./resize.js')).resizeWorkflow
      case 'live_migrate':
        return (await import('./live-migrate.js')).liveMigrateWorkflow
      case 'confirm_resize':
        return (await import('./confirm.js')).confirmWorkflow
      case 'revert_resize':
        return (await import('./confirm.js')).revertWorkflow
      case 'shelve':
        return (await import('./shelve.js')).shelveWorkflow
      case 'unshelve':
        return (await import('./shelve.js')).unshelveWorkflow
      case 'evacuate':
        return (await import('./evacuate.js')).evacuateWorkflow
      case 'start':
      case 'stop':
      case 'reboot':
      case 'pause':
      case 'unpause':
      case 'suspend':
      case 'resume':
        return (await import('./power.js')).powerWorkflow
    }
  }
  return (await load()) as unknown as Workflow<Task>
}

/** Claims and runs tasks. */
export class Conductor {
  private readonly owner = leaseOwner()
  private readonly clock: Clock
  private readonly running = new Map<string, Promise<Outcome>>()
  private heartbeat?: NodeJS.Timeout
  private halted = false

  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
    private readonly options: ConductorOptions = {},
  ) {
    this.clock = options.clock ?? systemClock
  }

  /**
   * Runs claimable tasks that `accept` allows, several at once, until none is
   * left to claim and none is running here; returns how many it ran.
   */
  async drain(accept: (task: Task) => boolean = everything): Promise<number> {
    const pool = new DriverPool(this.drivers)
    const ctx: TaskContext = { store: this.store, drivers: pool, owner: this.owner, clock: this.clock, emit: this.options.onEvent ?? (() => {}), hooks: this.options.hooks }
    this.startHeartbeat()
    let count = 0
    try {
      await this.periodicTasks(pool, accept === everything)
      const seen = await this.store.read()
      const config = schedulerConfig(seen.config)
      // Nothing claimable in what was just read: no claiming transaction, so an idle
      // `homenova conductor` polls without rewriting the store every second. (A claim on
      // this read copy only tells whether one would succeed; the copy is thrown away.)
      let mayClaim = claim(seen, this.owner, this.clock, { maxBuildsPerHost: config.max_concurrent_builds }, (t) => !this.running.has(t.id) && accept(t)) !== undefined
      for (;;) {
        // Every free worker's task is claimed in one transaction: the store takes one writer at a time.
        const free = this.halted || !mayClaim ? 0 : config.conductor_workers - this.running.size
        mayClaim = true
        for (const claimed of free > 0 ? await this.claimSome(free, accept) : []) {
          count++
          const id = claimed.task.id
          this.running.set(id, this.execute(ctx, claimed).finally(() => this.running.delete(id)))
        }
        if (this.running.size === 0) break
        await Promise.race(this.running.values())
      }
      if (count > 0) await this.store.transact((state) => pruneFinished(state)).catch(() => undefined)
      return count
    } finally {
      if (this.running.size === 0) {
        this.stopHeartbeat()
        await pool.closeAll()
      }
    }
  }

  /** Runs tasks until `signal` aborts, polling the store when idle. */
  async serve(signal: AbortSignal, pollMs = 1000): Promise<void> {
    while (!signal.aborted) {
      if ((await this.drain()) === 0) await sleep(pollMs)
    }
  }

  // Nova's periodic tasks, whenever a conductor runs: _sync_power_states for hosts
  // not read within the interval, and _poll_unconfirmed_resizes. A failure here
  // never keeps tasks from running.
  // Auto-confirm queues work, so only a conductor that runs every task does it
  // (one waiting on its own request would leave the confirm queued).
  private async periodicTasks(pool: DriverPool, runsEverything: boolean): Promise<void> {
    if (this.halted) return
    const { syncPowerStates } = await import('../compute/power-sync.js')
    const synced = await syncPowerStates(this.store, pool, this.clock).catch(() => undefined)
    // Nova's _run_image_cache_manager_pass, on the hosts just synced (so at most
    // once per sync interval each): bases in use touched, old unused ones removed.
    const up = new Set(synced?.hosts.filter((h) => h.status === 'up').map((h) => h.name))
    if (up.size > 0) {
      const { imageCachePass } = await import('../images/cache-api.js')
      const hosts = (await this.store.read()).hosts.filter((h) => up.has(h.name))
      await imageCachePass(this.store, pool, this.clock, hosts, false).catch(() => undefined)
    }
    if (!runsEverything) return
    const { confirmOverdueResizes } = await import('../compute/auto-confirm.js')
    await confirmOverdueResizes(this.store, this.clock).catch(() => undefined)
  }

  /** Stops renewing leases and claiming, as a dead process would (crash tests freeze its tasks through hooks). */
  halt(): void {
    this.halted = true
    this.stopHeartbeat()
  }

  /** Claims up to `max` claimable tasks that `accept` allows, in one transaction. */
  private async claimSome(max: number, accept: (task: Task) => boolean): Promise<Claimed[]> {
    return this.store.transact((state) => {
      const config = schedulerConfig(state.config)
      const claimed: Claimed[] = []
      while (claimed.length < max) {
        const next = claim(state, this.owner, this.clock, { maxBuildsPerHost: config.max_concurrent_builds }, (t) => !this.running.has(t.id) && accept(t))
        if (!next) break
        claimed.push({ task: structuredClone(next.task), takeover: next.takeover })
      }
      return claimed
    })
  }

  private async execute(ctx: TaskContext, { task, takeover }: Claimed): Promise<Outcome> {
    const { runTask } = await import('./runner.js')
    return runTask(ctx, task.id, await workflowFor(task), takeover)
  }

  // One transaction renews the lease of every task running here.
  private startHeartbeat(): void {
    if (this.heartbeat || this.halted) return
    this.heartbeat = setInterval(() => {
      if (this.running.size === 0) return
      this.store
        .transact((state) => {
          for (const t of state.tasks) if (this.running.has(t.id) && t.lease?.owner === this.owner.owner) t.lease = newLease(this.owner, this.clock.now())
        })
        .catch(() => undefined) // a lost lease shows up at the workflow's next commit
    }, LEASE_MS / 3)
    this.heartbeat.unref()
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }
}
