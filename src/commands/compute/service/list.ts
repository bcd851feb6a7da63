import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { hostView } from '../../../cli/views.js'
import { DEFAULT_AVAILABILITY_ZONE } from '../../../core/scheduler/host-state.js'

export default class ComputeServiceList extends BaseCommand {
  static aliases = ['service-list']
  static description = "List the compute services, as openstack shows them: one nova-compute per host, enabled or disabled for scheduling, up or down (from the last probe or power-state sync)."
  static examples = ['<%= config.bin %> compute service list', '<%= config.bin %> compute service list -f value -c Host -c Status', '<%= config.bin %> compute service list --json']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(ComputeServiceList)
    const state = await this.store.read()
    const services = state.hosts.map((h) => {
      const v = hostView(h, state)
      return { id: h.id, binary: 'nova-compute', host: h.name, zone: state.aggregates.find((a) => a.hostIds.includes(h.id) && a.metadata.availability_zone)?.metadata.availability_zone ?? DEFAULT_AVAILABILITY_ZONE, status: v.state, state: v.status, updated_at: h.updatedAt, disabled_reason: h.disabledReason ?? null, forced_down: v.forced_down }
    })
    return this.printList(flags, services, () => ({
      columns: ['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At'],
      rows: services.map((s) => [s.id, s.binary, s.host, s.zone, s.status, s.state, s.updated_at]),
    }))
  }
}
