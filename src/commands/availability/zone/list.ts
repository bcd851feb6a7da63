import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { availabilityZones } from '../../../core/api/server-request.js'
import { hostStates } from '../../../core/scheduler/host-state.js'

export default class AvailabilityZoneList extends BaseCommand {
  static aliases = ['availability-zone-list']
  static description = "List availability zones and their hosts (hosts in no zone are in the default zone 'nova')."
  static examples = ['<%= config.bin %> availability zone list', '<%= config.bin %> availability zone list -f value -c "Zone Name"']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(AvailabilityZoneList)
    const state = await this.store.read()
    const states = hostStates(state)
    const zones = availabilityZones(state).map((zone) => ({ zone, hosts: states.filter((h) => h.availabilityZone === zone).map((h) => h.host.name) }))
    return this.printList(flags, zones, () => ({ columns: ['Zone Name', 'Hosts'], rows: zones.map((z) => [z.zone, z.hosts]) }))
  }
}
