import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { aggregateView } from '../../cli/views-placement.js'

export default class AggregateList extends BaseCommand {
  static aliases = ['aggregate-list']
  static description = 'List host aggregates.'
  static examples = ['<%= config.bin %> aggregate list']

  async run() {
    await this.parse(AggregateList)
    const state = await this.store.read()
    const views = state.aggregates.map((a) => aggregateView(a, state))
    this.show(() => table(['ID', 'Name', 'Availability Zone', 'Hosts', 'Properties'], views.map((v) => [v.id, v.name, v.availability_zone ?? '', v.hosts.join(', '), Object.entries(v.properties).map(([k, x]) => `${k}=${x}`).join(', ')])))
    return views
  }
}
