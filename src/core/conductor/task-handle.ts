// Waiting belongs to core: a request's tasks either run here (`--wait`, the
// dashboard) or are left to a background conductor; either way a face holds
// a TaskHandle and never orchestrates the conductor itself.
import type { Store } from '../store/store.js'
import type { Task } from '../store/schema.js'
import type { Conductor, ConductorOptions } from './conductor.js'
import type { TaskEvent } from './context.js'
import { isOpen } from './tasks.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a handle needs from the services. */
export interface TaskRuntime {
  store: Store
  conductor: (options?: ConductorOptions) => Conductor
  /** Makes sure a background conductor will run queued work (a face supplies it; absent: nothing starts). */
  launchBackground?: () => void
}

/** The tasks of one or more accepted requests (including those they enqueue, such as a create's builds). */
export class TaskHandle {
  private readonly requests: Set<string>

  constructor(
    private readonly runtime: TaskRuntime,
    requestIds: readonly string[],
  ) {
    this.requests = new Set(requestIds)
  }

  /** The request ids this handle follows. */
  get requestIds(): string[] {
    return [...this.requests]
  }

  /** Leaves the work to a background conductor. */
  detach(): void {
    if (this.requests.size > 0) this.runtime.launchBackground?.()
  }

  /**
   * Runs the requests' tasks here (several at once), follows any that another
   * process holds, and returns every task once all have ended. `onEvent` hears
   * each committed step, wherever it ran.
   */
  async wait(onEvent: (event: TaskEvent) => void = () => {}): Promise<Task[]> {
    const ranHere = new Set<string>()
    const reported = new Map<string, number>()
    const conductor = this.runtime.conductor({
      onEvent: (event) => {
        ranHere.add(event.taskId)
        onEvent(event)
      },
    })
    for (;;) {
      await conductor.drain((t) => this.requests.has(t.requestId))
      const state = await this.runtime.store.read()
      const tasks = state.tasks.filter((t) => this.requests.has(t.requestId))
      // Report what other processes committed for tasks that did not run here.
      for (const t of tasks) {
        if (ranHere.has(t.id)) continue
        const server = state.servers.find((s) => s.id === t.serverId)
        const seen = reported.get(t.id) ?? 0
        for (const step of t.steps.slice(seen)) {
          onEvent({ taskId: t.id, requestId: t.requestId, kind: t.kind, serverId: t.serverId, serverName: server?.name ?? '', step: step.name, phase: 'step', ...(step.detail ? { detail: step.detail } : {}) })
        }
        reported.set(t.id, t.steps.length)
      }
      if (!tasks.some(isOpen)) return tasks
      await sleep(250)
    }
  }
}
