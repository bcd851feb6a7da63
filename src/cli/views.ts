// Presentation as pure functions: what list and show print, and what --json
// returns, in Nova's words (snake_case fields as in the compute API).
import { serverStatus } from '../core/model/lifecycle.js'
import { powerStateName } from '../core/model/status.js'
import { capacity, usage } from '../core/model/placement.js'
import type { Flavor, Host, Image, Server, State } from '../core/store/schema.js'
import { RESOURCE_CLASSES } from '../core/store/constants.js'

/** A server as the CLI shows it. */
export function serverView(server: Server, state: Pick<State, 'hosts' | 'images'>) {
  const host = state.hosts.find((h) => h.id === server.host)
  const image = state.images.find((i) => i.id === server.imageId)
  return {
    id: server.id,
    name: server.name,
    status: serverStatus(server),
    vm_state: server.vmState,
    task_state: server.taskState,
    power_state: powerStateName(server.powerState),
    host: host?.name ?? null,
    availability_zone: server.availabilityZone,
    instance_name: server.domainName,
    addresses: server.addresses,
    hostname: server.hostname,
    key_name: server.keyName,
    config_drive: server.configDrive,
    /** Bytes of user data the guest gets (its content is not shown, as openstack shows it only to admins). */
    user_data_bytes: server.userData === null ? null : Buffer.from(server.userData, 'base64').length,
    flavor: { id: server.flavor.id, name: server.flavor.name, vcpus: server.flavor.vcpus, ram: server.flavor.ramMb, disk: server.flavor.diskGb },
    image: { id: server.imageId, name: image?.name ?? null },
    created: server.createdAt,
    updated: server.updatedAt,
    launched_at: server.launchedAt ?? null,
    locked: server.locked,
    locked_reason: server.lockedReason ?? null,
    description: server.description,
    properties: server.properties,
    project_id: server.projectId,
    user_id: server.userId,
    fault: server.fault ?? null,
  }
}
/** The JSON shape of a server. */
export type ServerView = ReturnType<typeof serverView>

/** The Field/Value pairs of `server show` (flavor and image in words, the fault when there is one). */
export function serverFields(v: ServerView): Record<string, unknown> {
  return {
    ...v,
    flavor: `${v.flavor.name} (${v.flavor.vcpus} vCPU, ${v.flavor.ram} MB RAM, ${v.flavor.disk} GB disk)`,
    image: `${v.image.name ?? '(deleted)'} (${v.image.id})`,
    properties: Object.entries(v.properties).map(([k, val]) => `${k}='${val}'`).join(', '),
    addresses: networksText(v.addresses),
    locked_reason: v.locked ? v.locked_reason : undefined,
    fault: v.fault ? `${v.fault.message}${v.fault.details ? ` ${v.fault.details}` : ''} (${v.fault.at})` : undefined,
  }
}

/** Addresses as openstack prints them: `net=addr, addr; net2=addr`. */
export function networksText(addresses: ServerView['addresses']): string {
  return Object.entries(addresses).map(([net, list]) => `${net}=${list.map((a) => a.addr).join(', ')}`).join('; ')
}

/** One row of `server list`. */
export function serverRow(v: ServerView): string[] {
  return [v.id, v.name, v.status, v.task_state ?? '', v.power_state, v.host ?? '', networksText(v.addresses), v.image.name ?? v.image.id, v.flavor.name]
}
/** Header of `server list`. */
export const SERVER_HEAD = ['ID', 'Name', 'Status', 'Task State', 'Power State', 'Host', 'Networks', 'Image', 'Flavor']

/** A host as the CLI shows it, with capacity and usage per resource class. */
export function hostView(host: Host, state: Pick<State, 'allocations' | 'servers'>) {
  const used = usage(host.id, state.allocations)
  const connection = host.connection.kind === 'ssh' ? `${host.connection.user}@${host.connection.address}:${host.connection.port}` : host.connection.kind
  return {
    id: host.id,
    name: host.name,
    driver: host.driver,
    connection,
    uri: host.uri,
    virt_type: host.virtType,
    instances_dir: host.instancesDir,
    status: host.status,
    down_reason: host.downReason ?? null,
    synced_at: host.syncedAt ?? null,
    state: host.enabled ? 'enabled' : 'disabled',
    servers: state.servers.filter((s) => s.host === host.id && s.vmState !== 'deleted').length,
    resources: Object.fromEntries(
      RESOURCE_CLASSES.map((rc) => [rc, { ...host.inventory[rc], capacity: capacity(host.inventory[rc]), used: used[rc] }]),
    ),
    facts: host.facts,
  }
}
/** The JSON shape of a host. */
export type HostView = ReturnType<typeof hostView>

/** One row of `host list`. */
export function hostRow(v: HostView): string[] {
  const r = v.resources
  const fmt = (rc: string) => `${r[rc].used}/${r[rc].capacity}`
  return [v.name, v.driver, v.connection, v.status, v.state, String(v.servers), fmt('VCPU'), fmt('MEMORY_MB'), fmt('DISK_GB')]
}
/** Header of `host list`. */
export const HOST_HEAD = ['Name', 'Driver', 'Connection', 'Status', 'State', 'Servers', 'vCPU used/cap', 'RAM MB used/cap', 'Disk GB used/cap']

/** A flavor in Nova's API words. */
export function flavorView(f: Flavor) {
  return { id: f.id, name: f.name, vcpus: f.vcpus, ram: f.ramMb, disk: f.diskGb, ephemeral: f.ephemeralGb, swap: f.swapMb, is_public: f.isPublic, properties: f.extraSpecs }
}
/** One row of `flavor list`. */
export function flavorRow(f: Flavor): Array<string | number> {
  return [f.id, f.name, f.ramMb, f.diskGb, f.ephemeralGb, f.vcpus, f.isPublic ? 'True' : 'False']
}
/** Header of `flavor list`. */
export const FLAVOR_HEAD = ['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public']

/** An image in Glance's words. */
export function imageView(i: Image) {
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    disk_format: i.diskFormat,
    container_format: i.containerFormat,
    size: i.size,
    virtual_size: i.virtualSize,
    checksum: i.checksum,
    os_hash_algo: 'sha256',
    file: i.file,
    properties: i.properties,
    created_at: i.createdAt,
  }
}
/** One row of `image list`. */
export function imageRow(i: Image): string[] {
  return [i.id, i.name, i.status, i.diskFormat, String(i.size)]
}
/** Header of `image list`. */
export const IMAGE_HEAD = ['ID', 'Name', 'Status', 'Disk Format', 'Size']
