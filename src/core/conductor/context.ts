// What a workflow runs with: the store, drivers, who it runs as, the clock, and
// where its events go; and how a server is described to a driver.
import { createHash } from 'node:crypto'
import type { ConfigDriveSpec, HypervisorDriver, HostSpec, ImageSpec, InstanceRef, InstanceSpec } from '../../hypervisor/driver.js'
import { bootDiskFormat } from '../images/boot.js'
import { configDriveFiles } from '../metadata/config-drive.js'
import type { MetadataSource } from '../metadata/instance-metadata.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { Image, Server, State, Task } from '../store/schema.js'
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
  return { id: image.id, checksum: image.checksum, diskFormat: bootDiskFormat(image), size: image.size, virtualSize: image.virtualSize, localPath: image.file }
}

/** The zone a server's host is in: its aggregates' availability_zone, else the default zone (as Nova sets instance.availability_zone). */
function hostZone(state: State, hostId: string | null): string {
  const zone = state.aggregates.find((a) => hostId !== null && a.hostIds.includes(hostId) && a.metadata.availability_zone)?.metadata.availability_zone
  return zone ?? schedulerConfig(state.config).default_availability_zone
}

/** A MAC address fixed by the server's uuid, in Nova's fa:16:3e prefix. */
export function macAddress(uuid: string): string {
  const hex = createHash('sha256').update(uuid).digest('hex')
  return `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`
}

/** What the guest learns about a server, as the config drive and the metadata service both tell it. */
export function metadataSource(state: State, server: Server): MetadataSource {
  return {
    uuid: server.id,
    name: server.name,
    hostname: server.hostname,
    availabilityZone: server.availabilityZone ?? hostZone(state, server.host),
    projectId: server.projectId,
    launchIndex: server.launchIndex,
    keyName: server.keyName,
    keyData: server.keyData,
    properties: server.properties,
    userData: server.userData === null ? null : Buffer.from(server.userData, 'base64'),
    mac: macAddress(server.id),
    files: server.files.map((f) => ({ path: f.path, data: Buffer.from(f.contents, 'base64') })),
  }
}

/**
 * The guest's addresses on its one NIC, QEMU's user-mode network ("user"): its
 * DHCP gives the first guest 10.0.2.15, always; the address is private to the
 * guest's host and reached through it (`server ssh`).
 */
export function userNetworkAddresses(uuid: string): Server['addresses'] {
  return { user: [{ addr: '10.0.2.15', version: 4, type: 'fixed', mac: macAddress(uuid) }] }
}

/** What the server's config drive holds, built from the server as it is now (Nova builds it at spawn too). */
function configDrive(state: State, server: Server): ConfigDriveSpec | undefined {
  if (!server.configDrive) return undefined
  const format = schedulerConfig(state.config).config_drive_format === 'vfat' ? 'vfat' : 'iso9660'
  return { files: configDriveFiles(metadataSource(state, server)), format }
}

/** The instance as a driver needs it. */
export function instanceSpec(state: State, server: Server, image: Image): InstanceSpec {
  const drive = configDrive(state, server)
  return {
    uuid: server.id,
    name: server.name,
    domainName: server.domainName,
    vcpus: server.flavor.vcpus,
    memoryMb: server.flavor.ramMb,
    diskGb: server.flavor.diskGb,
    flavorName: server.flavor.name,
    image: imageSpec(image),
    mac: macAddress(server.id),
    ...(drive ? { configDrive: drive } : {}),
  }
}

/** The domain's identity on its host. */
export function instanceRef(server: Server): InstanceRef {
  return { uuid: server.id, domainName: server.domainName }
}
