import { BaseCommand } from '../../../cli/base-command.js'
import { table } from '../../../cli/table.js'
import { availabilityZones } from '../../../core/api/server-request.js'
import { hostStates } from '../../../core/scheduler/host-state.js'

export default class AvailabilityZoneList extends BaseCommand {
  static aliases = ['availability-zone-list']
  static description = "List availability zones and their hosts (hosts in no zone are in the default zone 'nova')."
  static examples = ['<%= config.bin %> availability zone list']

  async run() {
    await this.parse(AvailabilityZoneList)
    const state = await this.store.read()
    const states = hostStates(state)
    const zones = availabilityZones(state).map((zone) => ({ zone, hosts: states.filter((h) => h.availabilityZone === zone).map((h) => h.host.name) }))
    this.show(() => table(['Zone Name', 'Hosts'], zones.map((z) => [z.zone, z.hosts.join(', ')])))
    return zones
  }
}
