import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { hostView } from '../../cli/views.js'

export default class HypervisorStats extends BaseCommand {
  static aliases = ['hypervisor-stats', 'hypervisor:stats:show']
  static description = "Totals over every host, in Nova's hypervisor statistics fields (vCPUs and memory as the hosts report them, used as allocated)."
  static examples = ['<%= config.bin %> hypervisor stats', '<%= config.bin %> hypervisor stats -f value -c vcpus_used', '<%= config.bin %> hypervisor stats --json']
  static flags = { ...showFlags }

  async run() {
    const { flags } = await this.parse(HypervisorStats)
    const state = await this.store.read()
    const views = state.hosts.map((h) => hostView(h, state))
    const sum = (f: (v: (typeof views)[number]) => number) => views.reduce((n, v) => n + f(v), 0)
    const stats = {
      count: views.length,
      vcpus: sum((v) => v.resources.VCPU.total),
      vcpus_used: sum((v) => v.resources.VCPU.used),
      memory_mb: sum((v) => v.resources.MEMORY_MB.total),
      memory_mb_used: sum((v) => v.resources.MEMORY_MB.used),
      free_ram_mb: sum((v) => v.resources.MEMORY_MB.total - v.resources.MEMORY_MB.used),
      local_gb: sum((v) => v.resources.DISK_GB.total),
      local_gb_used: sum((v) => v.resources.DISK_GB.used),
      free_disk_gb: sum((v) => v.resources.DISK_GB.total - v.resources.DISK_GB.used),
      running_vms: state.servers.filter((s) => s.host && s.vmState !== 'deleted' && s.powerState === 1).length,
      current_workload: state.servers.filter((s) => s.host && s.taskState !== null).length,
    }
    return this.printShow(flags, stats, () => stats)
  }
}
