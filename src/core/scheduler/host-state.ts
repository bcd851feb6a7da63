// A host as the scheduler sees it. The snake_case fields carry Nova's HostState
// attribute names and meanings (nova/scheduler/host_manager.py), because
// ComputeCapabilitiesFilter and JsonFilter look attributes up by those names
// and operators write them in extra specs and queries.
import { capacity } from '../model/placement.js'
import type { Aggregate, Host, Resources, Server, State } from '../store/schema.js'
import { RESOURCE_CLASSES } from '../store/constants.js'

/** Where a server is, as the affinity filters need it. */
export interface PlacedServer {
  id: string
  name: string
  projectId: string
  imageId: string
  flavorId: string
}

/** One candidate host: the record, its usage, and Nova's HostState attributes. */
export interface HostState {
  /** The store record (name, id, traits, facts, inventory). */
  host: Host
  /** Placement's view: capacity and usage per resource class. */
  capacity: Resources
  used: Resources
  /** Aggregates the host belongs to. */
  aggregates: Aggregate[]
  /** The host's availability zone: from an aggregate's `availability_zone` metadata, else the default zone. */
  availabilityZone: string
  /** Servers on the host (not deleted), by id. */
  instances: Map<string, PlacedServer>

  // Nova's HostState attributes, with Nova's names and units.
  host_name: string
  nodename: string
  hypervisor_hostname: string
  total_usable_ram_mb: number
  /** total - reserved - used; negative under overcommit, as Nova's. */
  free_ram_mb: number
  total_usable_disk_gb: number
  free_disk_mb: number
  disk_mb_used: number
  vcpus_total: number
  vcpus_used: number
  num_instances: number
  /** Servers on the host in a task state that does I/O (building, spawning, deleting...). */
  num_io_ops: number
  failed_builds: number
  host_ip: string
  hypervisor_type: string
  hypervisor_version: number
  /** JSON text, as Nova keeps it: {"arch", "model", "vendor", "features": [...]} */
  cpu_info: string
  /** [architecture, hypervisor_type, vm_mode] triples the host can run. */
  supported_instances: Array<[string, string, string]>
  cpu_allocation_ratio: number
  ram_allocation_ratio: number
  disk_allocation_ratio: number
  /** Operator-set host properties (fake hosts' --property, and stats). */
  stats: Record<string, string>
}

/** Nova's default availability zone name (default_availability_zone). */
export const DEFAULT_AVAILABILITY_ZONE = 'nova'

const IO_TASK_STATES = new Set(['scheduling', 'block_device_mapping', 'networking', 'spawning', 'deleting'])

/** Builds every host's state in one pass over allocations, servers and aggregates. */
export function hostStates(state: State): HostState[] {
  const byHost = new Map<string, HostState>()
  const out: HostState[] = []
  for (const host of state.hosts) {
    const hs = newHostState(host)
    byHost.set(host.id, hs)
    out.push(hs)
  }
  for (const a of state.allocations) {
    const hs = byHost.get(a.providerId)
    if (!hs) continue
    for (const rc of RESOURCE_CLASSES) hs.used[rc] += a.resources[rc]
  }
  for (const s of state.servers) {
    const hs = s.host ? byHost.get(s.host) : undefined
    if (!hs || s.vmState === 'deleted') continue
    addInstance(hs, s)
  }
  for (const agg of state.aggregates) {
    for (const id of agg.hostIds) {
      const hs = byHost.get(id)
      if (!hs) continue
      hs.aggregates.push(agg)
      if (agg.metadata.availability_zone) hs.availabilityZone = agg.metadata.availability_zone
    }
  }
  for (const hs of out) refreshUsage(hs)
  return out
}

function newHostState(host: Host): HostState {
  const f = host.facts
  const inv = host.inventory
  const zero = (): Resources => ({ VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 })
  const cap = zero()
  for (const rc of RESOURCE_CLASSES) cap[rc] = capacity(inv[rc])
  const hypervisorType = String(f.hypervisor_type ?? f.hypervisorType ?? 'QEMU')
  const arch = String(f.arch ?? 'x86_64')
  const stats: Record<string, string> = {}
  for (const [k, v] of Object.entries(f)) stats[k] = String(v)
  return {
    host,
    capacity: cap,
    used: zero(),
    aggregates: [],
    availabilityZone: DEFAULT_AVAILABILITY_ZONE,
    instances: new Map(),
    host_name: host.name,
    nodename: host.name,
    hypervisor_hostname: String(f.hostname ?? host.name),
    total_usable_ram_mb: inv.MEMORY_MB.total,
    free_ram_mb: 0,
    total_usable_disk_gb: inv.DISK_GB.total,
    free_disk_mb: 0,
    disk_mb_used: 0,
    vcpus_total: inv.VCPU.total,
    vcpus_used: 0,
    num_instances: 0,
    num_io_ops: 0,
    failed_builds: host.failedBuilds,
    host_ip: String(f.host_ip ?? (host.connection.kind === 'ssh' ? host.connection.address : '127.0.0.1')),
    hypervisor_type: hypervisorType,
    hypervisor_version: Number(f.hypervisor_version ?? f.hypervisorVersion ?? 0),
    cpu_info:
      typeof f.cpu_info === 'string'
        ? f.cpu_info
        : JSON.stringify({ arch, model: String(f.cpuModel ?? ''), vendor: String(f.cpuVendor ?? ''), features: String(f.cpuFeatures ?? '').split(',').filter(Boolean) }),
    supported_instances: supportedInstances(host, arch, hypervisorType),
    cpu_allocation_ratio: inv.VCPU.allocationRatio,
    ram_allocation_ratio: inv.MEMORY_MB.allocationRatio,
    disk_allocation_ratio: inv.DISK_GB.allocationRatio,
    stats,
  }
}

// What Nova's drivers report: libvirt one triple per domain type it can run
// (kvm hosts also run qemu), the fake driver (arch, fake, hvm).
function supportedInstances(host: Host, arch: string, hypervisorType: string): Array<[string, string, string]> {
  if (hypervisorType.toLowerCase() === 'fake') return [[arch, 'fake', 'hvm']]
  return host.virtType === 'kvm' ? [[arch, 'kvm', 'hvm'], [arch, 'qemu', 'hvm']] : [[arch, 'qemu', 'hvm']]
}

function addInstance(hs: HostState, s: Server): void {
  hs.instances.set(s.id, { id: s.id, name: s.name, projectId: s.projectId, imageId: s.imageId, flavorId: s.flavor.id })
  hs.num_instances += 1
  if (s.taskState && IO_TASK_STATES.has(s.taskState)) hs.num_io_ops += 1
}

/** Recomputes Nova's derived usage fields from `used`. */
function refreshUsage(hs: HostState): void {
  const inv = hs.host.inventory
  hs.free_ram_mb = inv.MEMORY_MB.total - inv.MEMORY_MB.reserved - hs.used.MEMORY_MB
  hs.disk_mb_used = hs.used.DISK_GB * 1024
  hs.free_disk_mb = (inv.DISK_GB.total - inv.DISK_GB.reserved - hs.used.DISK_GB) * 1024
  hs.vcpus_used = hs.used.VCPU
}

/**
 * Nova's consume_from_request: after a host is picked for one instance of a
 * multi-instance request, its state takes that instance's resources so the next
 * pick sees them (one more instance and one more I/O operation).
 */
export function consume(hs: HostState, resources: Resources, server: PlacedServer): void {
  for (const rc of RESOURCE_CLASSES) hs.used[rc] += resources[rc]
  hs.instances.set(server.id, server)
  hs.num_instances += 1
  hs.num_io_ops += 1
  refreshUsage(hs)
}
