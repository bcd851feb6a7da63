// A host as the scheduler sees it. The snake_case fields carry Nova's HostState
// attribute names and meanings (nova/scheduler/host_manager.py), because
// ComputeCapabilitiesFilter and JsonFilter look attributes up by those names
// and operators write them in extra specs and queries.
import { capacity } from '../model/placement.js'
import type { Aggregate, Host, Resources, Server, State } from '../store/schema.js'
import { RESOURCE_CLASSES } from '../store/constants.js'

/** A server on a host, as filters and weighers see it (a store Server fits). */
export interface PlacedServer {
  id: string
  name: string
  projectId: string
  imageId: string
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
  const byHost = new Map<string, LazyHostState>()
  const out: LazyHostState[] = []
  for (const host of state.hosts) {
    const hs = newHostState(host)
    byHost.set(host.id, hs)
    out.push(hs)
  }
  for (const a of state.allocations) {
    const hs = byHost.get(a.providerId)
    if (!hs) continue
    hs.used.VCPU += a.resources.VCPU
    hs.used.MEMORY_MB += a.resources.MEMORY_MB
    hs.used.DISK_GB += a.resources.DISK_GB
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
      if (hs.aggregates === NO_AGGREGATES) hs.aggregates = [agg]
      else hs.aggregates.push(agg)
      if (agg.metadata.availability_zone) hs.availabilityZone = agg.metadata.availability_zone
    }
  }
  for (const hs of out) refreshUsage(hs)
  return out
}

const NO_AGGREGATES: Aggregate[] = []
const CPU_INFO_TEXT = new Map<string, string>()
const SUPPORTED = new Map<string, Array<[string, string, string]>>()

// A class rather than object literals: 10,000 of these are built per scheduling
// request, so the fields that need string work (stats, cpu_info,
// supported_instances) are computed on first use, which most requests never
// make. Setters let tests and the scheduler override them.
class LazyHostState {
  used: Resources = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }
  aggregates: Aggregate[] = NO_AGGREGATES
  availabilityZone = DEFAULT_AVAILABILITY_ZONE
  /** Servers added while building; the Map is made on first use (most requests never look). */
  placed: PlacedServer[] | undefined
  host_name: string
  nodename: string
  total_usable_ram_mb: number
  free_ram_mb = 0
  total_usable_disk_gb: number
  free_disk_mb = 0
  disk_mb_used = 0
  vcpus_total: number
  vcpus_used = 0
  num_instances = 0
  num_io_ops = 0
  failed_builds: number
  cpu_allocation_ratio: number
  ram_allocation_ratio: number
  disk_allocation_ratio: number
  #instances?: Map<string, PlacedServer>
  #hypervisorHostname?: string
  #hostIp?: string
  #hypervisorType?: string
  #hypervisorVersion?: number
  #capacity?: Resources
  #stats?: Record<string, string>
  #cpuInfo?: string
  #supported?: Array<[string, string, string]>

  constructor(readonly host: Host) {
    const inv = host.inventory
    this.host_name = host.name
    this.nodename = host.name
    this.total_usable_ram_mb = inv.MEMORY_MB.total
    this.total_usable_disk_gb = inv.DISK_GB.total
    this.vcpus_total = inv.VCPU.total
    this.failed_builds = host.failedBuilds
    this.cpu_allocation_ratio = inv.VCPU.allocationRatio
    this.ram_allocation_ratio = inv.MEMORY_MB.allocationRatio
    this.disk_allocation_ratio = inv.DISK_GB.allocationRatio
  }

  // Facts-derived attributes: looked up in the facts record only when a filter asks.
  get hypervisor_hostname(): string {
    return (this.#hypervisorHostname ??= String(this.host.facts.hostname ?? this.host.name))
  }
  set hypervisor_hostname(value: string) {
    this.#hypervisorHostname = value
  }

  get host_ip(): string {
    const { facts, connection } = this.host
    return (this.#hostIp ??= String(facts.host_ip ?? (connection.kind === 'ssh' ? connection.address : '127.0.0.1')))
  }
  set host_ip(value: string) {
    this.#hostIp = value
  }

  get hypervisor_type(): string {
    const f = this.host.facts
    return (this.#hypervisorType ??= String(f.hypervisor_type ?? f.hypervisorType ?? 'QEMU'))
  }
  set hypervisor_type(value: string) {
    this.#hypervisorType = value
  }

  get hypervisor_version(): number {
    const f = this.host.facts
    return (this.#hypervisorVersion ??= Number(f.hypervisor_version ?? f.hypervisorVersion ?? 0))
  }
  set hypervisor_version(value: number) {
    this.#hypervisorVersion = value
  }

  /** Placement's capacity per resource class: (total - reserved) x allocation_ratio. */
  get capacity(): Resources {
    const inv = this.host.inventory
    this.#capacity ??= { VCPU: capacity(inv.VCPU), MEMORY_MB: capacity(inv.MEMORY_MB), DISK_GB: capacity(inv.DISK_GB) }
    return this.#capacity
  }
  set capacity(value: Resources) {
    this.#capacity = value
  }

  get instances(): Map<string, PlacedServer> {
    if (!this.#instances) {
      this.#instances = new Map()
      for (const s of this.placed ?? []) this.#instances.set(s.id, s)
    }
    return this.#instances
  }
  set instances(value: Map<string, PlacedServer>) {
    this.#instances = value
  }

  /** Operator-set host properties and probed facts, as strings (Nova's stats). */
  get stats(): Record<string, string> {
    if (!this.#stats) {
      this.#stats = {}
      for (const [k, v] of Object.entries(this.host.facts)) this.#stats[k] = String(v)
    }
    return this.#stats
  }
  set stats(value: Record<string, string>) {
    this.#stats = value
  }

  get cpu_info(): string {
    const f = this.host.facts
    if (this.#cpuInfo === undefined) {
      if (typeof f.cpu_info === 'string') this.#cpuInfo = f.cpu_info
      else {
        // Many hosts share a CPU: one JSON text per distinct CPU, shared.
        const key = `${this.arch}|${f.cpuModel ?? ''}|${f.cpuVendor ?? ''}|${f.cpuFeatures ?? ''}`
        let text = CPU_INFO_TEXT.get(key)
        if (text === undefined) {
          text = JSON.stringify({ arch: this.arch, model: String(f.cpuModel ?? ''), vendor: String(f.cpuVendor ?? ''), features: String(f.cpuFeatures ?? '').split(',').filter(Boolean) })
          if (CPU_INFO_TEXT.size < 10_000) CPU_INFO_TEXT.set(key, text)
        }
        this.#cpuInfo = text
      }
    }
    return this.#cpuInfo
  }
  set cpu_info(value: string) {
    this.#cpuInfo = value
  }

  get supported_instances(): Array<[string, string, string]> {
    if (this.#supported === undefined) {
      const key = `${this.host.virtType}|${this.arch}|${this.hypervisor_type}`
      let triples = SUPPORTED.get(key)
      if (triples === undefined) SUPPORTED.set(key, (triples = supportedInstances(this.host, this.arch, this.hypervisor_type)))
      // A copy per host would cost more than it protects: filters only read it.
      this.#supported = triples
    }
    return this.#supported
  }
  set supported_instances(value: Array<[string, string, string]>) {
    this.#supported = value
  }

  private get arch(): string {
    return String(this.host.facts.arch ?? 'x86_64')
  }
}

function newHostState(host: Host): LazyHostState {
  return new LazyHostState(host)
}

// What Nova's drivers report: libvirt one triple per domain type it can run
// (kvm hosts also run qemu), the fake driver (arch, fake, hvm).
function supportedInstances(host: Host, arch: string, hypervisorType: string): Array<[string, string, string]> {
  if (hypervisorType.toLowerCase() === 'fake') return [[arch, 'fake', 'hvm']]
  return host.virtType === 'kvm' ? [[arch, 'kvm', 'hvm'], [arch, 'qemu', 'hvm']] : [[arch, 'qemu', 'hvm']]
}

function addInstance(hs: LazyHostState, s: Server): void {
  if (hs.placed) hs.placed.push(s)
  else hs.placed = [s]
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
