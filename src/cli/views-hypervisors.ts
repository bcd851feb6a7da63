// Presentation of hosts as Nova's os-hypervisors API shows them (pure), for
// `hypervisor list` and `hypervisor show`: a script written for openstack's
// `hypervisor list -c "Hypervisor Hostname"` or `hypervisor show -c vcpus_used`
// finds the names it knows. `host list` and `host show` stay homenova's view.
import type { Host, State } from '../core/store/schema.js'
import { serviceState } from '../core/model/compute-service.js'
import { usage } from '../core/model/placement.js'
import { Formatted, type ListOutput } from './output.js'

/** A host in the words of Nova's hypervisor API (used = allocated, as `hypervisor stats` counts it). */
export function hypervisorView(host: Host, state: Pick<State, 'aggregates' | 'allocations' | 'servers'>) {
  const used = usage(host.id, state.allocations)
  const inv = host.inventory
  const on = state.servers.filter((s) => s.host === host.id && s.vmState !== 'deleted')
  const fact = (key: string) => host.facts[key] ?? null
  return {
    id: host.id,
    hypervisor_hostname: host.name,
    hypervisor_type: fact('hypervisorType'),
    hypervisor_version: fact('hypervisorVersion'),
    host_ip: host.connection.kind === 'ssh' ? host.connection.address : null,
    state: serviceState(host),
    status: host.enabled ? 'enabled' : 'disabled',
    vcpus: inv.VCPU.total,
    vcpus_used: used.VCPU,
    memory_mb: inv.MEMORY_MB.total,
    memory_mb_used: used.MEMORY_MB,
    free_ram_mb: inv.MEMORY_MB.total - used.MEMORY_MB,
    local_gb: inv.DISK_GB.total,
    local_gb_used: used.DISK_GB,
    free_disk_gb: inv.DISK_GB.total - used.DISK_GB,
    running_vms: on.filter((s) => s.powerState === 1).length,
    current_workload: on.filter((s) => s.taskState !== null).length,
    cpu_info: { arch: fact('arch'), model: fact('cpuModel'), vendor: fact('cpuVendor') },
    service_host: host.name,
    aggregates: state.aggregates.filter((a) => a.hostIds.includes(host.id)).map((a) => a.name),
  }
}
/** The JSON shape of a hypervisor. */
export type HypervisorView = ReturnType<typeof hypervisorView>

/** Columns of `hypervisor list`: openstack's five, then the four its --long adds. */
export const HYPERVISOR_HEAD = ['ID', 'Hypervisor Hostname', 'Hypervisor Type', 'Host IP', 'State', 'vCPUs Used', 'vCPUs', 'Memory MB Used', 'Memory MB']

/** What `hypervisor list` prints: openstack's five columns, or with --long all nine. */
export function hypervisorList(views: readonly HypervisorView[], long = false): ListOutput {
  const rows = views.map((v) => [v.id, v.hypervisor_hostname, v.hypervisor_type === null ? null : String(v.hypervisor_type), v.host_ip, v.state, v.vcpus_used, v.vcpus, v.memory_mb_used, v.memory_mb])
  return { columns: HYPERVISOR_HEAD, rows, shown: long ? HYPERVISOR_HEAD : HYPERVISOR_HEAD.slice(0, 5) }
}

/** The fields of `hypervisor show`, sorted by name as openstack prints them; cpu_info as its dict column (k='v', ...). */
export function hypervisorFields(v: HypervisorView): Record<string, unknown> {
  const cpu = new Formatted(
    Object.entries(v.cpu_info)
      .map(([k, x]) => `${k}='${x ?? ''}'`)
      .join(', '),
    v.cpu_info,
  )
  return Object.fromEntries(Object.entries({ ...v, cpu_info: cpu }).sort(([a], [b]) => (a < b ? -1 : 1)))
}
