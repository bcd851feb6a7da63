// What a workflow runs with: the store, drivers, who it runs as, the clock, and
// where its events go; and how a server is described to a driver.
import type { ConfigDriveSpec, DirectBootSpec, HypervisorDriver, HostSpec, ImageSpec, InstanceRef, InstanceSpec, NicSpec } from '../../hypervisor/driver.js'
import { bootDiskFormat } from '../images/boot.js'
import { configDriveFiles } from '../metadata/config-drive.js'
import type { MetadataSource } from '../metadata/instance-metadata.js'
import { nicMac, USER_NETWORK } from '../model/networks.js'
import { serverZone } from '../model/zones.js'
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

/** The MAC address of a server's first NIC, fixed by its uuid, in Nova's fa:16:3e prefix (model/networks.ts nicMac). */
export function macAddress(uuid: string): string {
  return nicMac(uuid, 0)
}

/** Each NIC as the server's host offers its network: user-mode, a bridge, or a libvirt network. */
export function nicSpecs(state: State, server: Server): NicSpec[] {
  const host = state.hosts.find((h) => h.id === server.host)
  return server.nics.map((nic) => {
    const type = nic.network === USER_NETWORK ? 'user' : host?.networks.find((n) => n.name === nic.network)?.type
    if (!type) throw new Error(`Host ${host?.name ?? server.host} does not offer network ${nic.network}, which server ${server.name} is on (run \`homenova host refresh\` if it was added since)`)
    return { type, source: nic.network, mac: nic.mac }
  })
}

/** What the guest learns about a server, as the config drive and the metadata service both tell it. */
export function metadataSource(state: State, server: Server): MetadataSource {
  return {
    uuid: server.id,
    name: server.name,
    // Nova's metadata gives the FQDN: the hostname and its dhcp_domain (nova/api/metadata/base.py _get_hostname).
    hostname: [server.hostname, schedulerConfig(state.config).dhcp_domain].filter(Boolean).join('.'),
    availabilityZone: serverZone(state, server) ?? schedulerConfig(state.config).default_availability_zone,
    projectId: server.projectId,
    launchIndex: server.launchIndex,
    keyName: server.keyName,
    keyData: server.keyData,
    properties: server.properties,
    userData: server.userData === null ? null : Buffer.from(server.userData, 'base64'),
    mac: server.nics[0]?.mac ?? macAddress(server.id),
    nics: server.nics.map((n) => ({ network: n.network, mac: n.mac, ...(n.fixedIp ? { fixedIp: n.fixedIp } : {}) })),
    files: server.files.map((f) => ({ path: f.path, data: Buffer.from(f.contents, 'base64') })),
  }
}

/** What the server's config drive holds, built from the server as it is now (Nova builds it at spawn too). */
function configDrive(state: State, server: Server): ConfigDriveSpec | undefined {
  if (!server.configDrive) return undefined
  const format = schedulerConfig(state.config).config_drive_format === 'vfat' ? 'vfat' : 'iso9660'
  return { files: configDriveFiles(metadataSource(state, server)), format }
}

/**
 * The kernel, ramdisk and command line of an image booted by direct kernel
 * boot (its kernel_id, ramdisk_id and os_command_line properties, as Nova's
 * libvirt driver reads them); undefined for an image that boots from its disk.
 */
export function directBootSpec(state: State, image: Image): DirectBootSpec | undefined {
  const { kernel_id: kernelId, ramdisk_id: ramdiskId, os_command_line: cmdline } = image.properties
  if (!kernelId) return undefined
  const raw = (id: string, what: string): ImageSpec => {
    const found = state.images.find((i) => i.id === id)
    if (!found || found.status !== 'active') throw new Error(`The ${what} image ${id} of image ${image.name} is ${found ? found.status : 'deleted'}; the server cannot boot without it`)
    // A kernel or ramdisk is plain bytes, cached as is.
    return { id: found.id, checksum: found.checksum, diskFormat: 'raw', size: found.size, virtualSize: found.virtualSize, localPath: found.file }
  }
  return { kernel: raw(kernelId, 'kernel'), ...(ramdiskId ? { ramdisk: raw(ramdiskId, 'ramdisk') } : {}), ...(cmdline ? { cmdline } : {}) }
}

/** The instance as a driver needs it. */
export function instanceSpec(state: State, server: Server, image: Image): InstanceSpec {
  const drive = configDrive(state, server)
  const directBoot = directBootSpec(state, image)
  return {
    uuid: server.id,
    name: server.name,
    domainName: server.domainName,
    vcpus: server.flavor.vcpus,
    memoryMb: server.flavor.ramMb,
    diskGb: server.flavor.diskGb,
    flavorName: server.flavor.name,
    image: imageSpec(image),
    mac: server.nics[0]?.mac ?? macAddress(server.id),
    nics: nicSpecs(state, server),
    ...(drive ? { configDrive: drive } : {}),
    ...(directBoot ? { directBoot } : {}),
  }
}

/** The domain's identity on its host. */
export function instanceRef(server: Server): InstanceRef {
  return { uuid: server.id, domainName: server.domainName }
}
