// What a workflow runs with: the store, drivers, who it runs as, the clock, and
// where its events go; and how a server is described to a driver.
import type { HypervisorDriver, HostSpec, ImageSpec, InstanceRef, InstanceSpec } from '../../hypervisor/driver.js'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { Image, Server, Task } from '../store/schema.js'
import type { LeaseOwner } from './lease.js'

/** One committed step or the end of a task, emitted after its commit. */
export interface TaskEvent {
  taskId: string
  requestId: string
  kind: Task['kind']
  serverId: string
  serverName: string
  /** The step's name, or the outcome's for a task that ended. */
  step: string
  detail?: string
  /** `step`: a step committed; otherwise the task ended this way. */
  phase: 'step' | 'succeeded' | 'failed' | 'abandoned'
}

/** Drivers shared by the tasks of one conductor: one connection per host. */
export interface DriverSource {
  get(host: HostSpec): Promise<HypervisorDriver>
}

/** A point in a workflow where a test harness may stop the process dead. */
export interface StepPoint {
  taskId: string
  kind: Task['kind']
  step: string
  index: number
  phase: 'before-io' | 'before-commit' | 'after-commit'
}

/** Test seams of the runner; a product conductor has none. */
export interface RunnerHooks {
  /** Awaited at each point; a promise that never settles freezes the task as SIGKILL would. */
  at?(point: StepPoint): Promise<void>
}

/** Shared by every workflow a conductor runs. */
export interface TaskContext {
  store: Store
  drivers: DriverSource
  owner: LeaseOwner
  clock: Clock
  emit: (event: TaskEvent) => void
  hooks?: RunnerHooks
}

/** The image as a driver needs it. */
export function imageSpec(image: Image): ImageSpec {
  return { id: image.id, checksum: image.checksum, diskFormat: image.diskFormat, size: image.size, virtualSize: image.virtualSize, localPath: image.file }
}

/** The instance as a driver needs it. */
export function instanceSpec(server: Server, image: Image): InstanceSpec {
  return {
    uuid: server.id,
    name: server.name,
    domainName: server.domainName,
    vcpus: server.flavor.vcpus,
    memoryMb: server.flavor.ramMb,
    diskGb: server.flavor.diskGb,
    flavorName: server.flavor.name,
    image: imageSpec(image),
  }
}

/** The domain's identity on its host. */
export function instanceRef(server: Server): InstanceRef {
  return { uuid: server.id, domainName: server.domainName }
}
