// What a workflow needs: the store, drivers, who it runs as, and where to report.
import type { DriverFactory, ImageSpec, InstanceRef, InstanceSpec } from '../../hypervisor/driver.js'
import type { Store } from '../store/store.js'
import type { Image, Server } from '../store/schema.js'
import type { LeaseOwner } from './lease.js'

/** A step of a task as it happens, for progress output. */
export interface ProgressEvent {
  taskId: string
  serverName: string
  step: string
  detail?: string
}

/** Shared by the build and delete workflows. */
export interface TaskContext {
  store: Store
  drivers: DriverFactory
  owner: LeaseOwner
  progress: (event: ProgressEvent) => void
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
