// Presentation as pure functions: what list and show print, and what --json
// returns, in Nova's words (snake_case fields as in the compute API).
import { serverStatus } from '../core/model/lifecycle.js'
import { serviceState } from '../core/model/compute-service.js'
import { powerStateName } from '../core/model/status.js'
import { serverZone } from '../core/model/zones.js'
import { capacity, usage } from '../core/model/placement.js'
import type { Flavor, Host, Server, State } from '../core/store/schema.js'
import { RESOURCE_CLASSES } from '../core/store/constants.js'
import { fieldNames, Formatted } from './output.js'

/** A server as the CLI shows it. */
export function serverView(server: Server, state: Pick<State, 'hosts' | 'images' | 'aggregates' | 'config'>) {
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
    availability_zone: serverZone(state, server),
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

/** The fields of `server show`, `server set` and `server create` (their -c names). */
export const SERVER_FIELDS = fieldNames<ServerView>()([
  'id', 'name', 'status', 'vm_state', 'task_state', 'power_state', 'host', 'availability_zone', 'instance_name', 'addresses', 'hostname', 'key_name', 'config_drive',
  'user_data_bytes', 'flavor', 'image', 'created', 'updated', 'launched_at', 'locked', 'locked_reason', 'description', 'properties', 'project_id', 'user_id', 'fault',
])

/** The fields of `server show` (flavor and image in words, addresses and properties as openstack prints them, the fault when there is one). */
export function serverFields(v: ServerView): Record<string, unknown> {
  return {
    ...v,
    flavor: `${v.flavor.name} (${v.flavor.vcpus} vCPU, ${v.flavor.ram} MB RAM, ${v.flavor.disk} GB disk)`,
    image: `${v.image.name ?? '(deleted)'} (${v.image.id})`,
    properties: new Formatted(Object.entries(v.properties).map(([k, val]) => `${k}='${val}'`).join(', '), v.properties),
    addresses: new Formatted(networksText(v.addresses), Object.fromEntries(Object.entries(v.addresses).map(([net, list]) => [net, list.map((a) => a.addr)]))),
    locked_reason: v.locked ? v.locked_reason : undefined,
    fault: v.fault ? `${v.fault.message}${v.fault.details ? ` ${v.fault.details}` : ''} (${v.fault.at})` : undefined,
  }
}

/** Addresses as openstack prints them: `net=addr, addr; net2=addr`. */
export function networksText(addresses: ServerView['addresses']): string {
  return Object.entries(addresses).map(([net, list]) => `${net}=${list.map((a) => a.addr).join(', ')}`).join('; ')
}

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
    graphics: host.graphics ?? 'vnc',
    instances_dir: host.instancesDir,
    // up/down as Nova's servicegroup says: a forced-down host is down whatever the last sync saw.
    status: serviceState(host),
    forced_down: host.forcedDown === true,
    down_reason: host.forcedDown ? 'forced down (compute service set --down)' : (host.downReason ?? null),
    evacuated_pending: (host.evacuated ?? []).length,
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

/** The fields `host add` and `host set` print (`host show`'s without resources and facts). */
export const HOST_SET_FIELDS = fieldNames<Omit<HostView, 'resources' | 'facts'>>()([
  'id', 'name', 'driver', 'connection', 'uri', 'virt_type', 'graphics', 'instances_dir', 'status', 'forced_down', 'down_reason', 'evacuated_pending', 'synced_at', 'state', 'servers',
])

/** A host's fields as `host show` prints them: a line per resource class, facts as k=v. */
export function hostFields(view: HostView): Record<string, unknown> {
  const resources = Object.entries(view.resources).map(([rc, inv]) => `${rc}: total ${inv.total}, reserved ${inv.reserved}, ratio ${inv.allocationRatio}, capacity ${inv.capacity}, used ${inv.used}`)
  const facts = Object.entries(view.facts).map(([k, v]) => `${k}=${v}`)
  return { ...view, resources: new Formatted(resources.join('\n'), view.resources), facts: new Formatted(facts.join(', '), view.facts) }
}

/** One row of `host list`. */
export function hostRow(v: HostView): Array<string | number> {
  const r = v.resources
  const fmt = (rc: string) => `${r[rc].used}/${r[rc].capacity}`
  return [v.name, v.driver, v.connection, v.status, v.state, v.servers, fmt('VCPU'), fmt('MEMORY_MB'), fmt('DISK_GB')]
}
/** Header of `host list`. */
export const HOST_HEAD = ['Name', 'Driver', 'Connection', 'Status', 'State', 'Servers', 'vCPU used/cap', 'RAM MB used/cap', 'Disk GB used/cap']

/** A flavor in Nova's API words. */
export function flavorView(f: Flavor) {
  return { id: f.id, name: f.name, vcpus: f.vcpus, ram: f.ramMb, disk: f.diskGb, ephemeral: f.ephemeralGb, swap: f.swapMb, is_public: f.isPublic, properties: f.extraSpecs }
}
/** The fields of `flavor show`, `flavor create` and `flavor set`. */
export const FLAVOR_FIELDS = fieldNames<ReturnType<typeof flavorView>>()(['id', 'name', 'vcpus', 'ram', 'disk', 'ephemeral', 'swap', 'is_public', 'properties'])

/** A flavor's fields as `flavor show` prints them: properties as openstack prints a dict, k='v', k2='v2'. */
export function flavorFields(view: ReturnType<typeof flavorView>): Record<string, unknown> {
  return { ...view, properties: new Formatted(Object.entries(view.properties).map(([k, v]) => `${k}='${v}'`).join(', '), view.properties) }
}
/** One row of `flavor list`, a cell per FLAVOR_HEAD. */
export function flavorRow(f: Flavor): Array<string | number | boolean | Formatted> {
  const properties = new Formatted(Object.entries(f.extraSpecs).map(([k, v]) => `${k}='${v}'`).join(', '), f.extraSpecs)
  return [f.id, f.name, f.ramMb, f.diskGb, f.ephemeralGb, f.vcpus, f.isPublic, f.swapMb, properties]
}
/** Columns of `flavor list`: openstack's default seven, then the two its --long adds (no RXTX Factor here). */
export const FLAVOR_HEAD = ['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public', 'Swap', 'Properties']
