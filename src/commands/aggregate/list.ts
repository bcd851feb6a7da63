import { BaseCommand } from '../../cli/base-command.js'
import { Formatted } from '../../cli/output.js'
import { listFlags } from '../../cli/output-flags.js'
import { aggregateView } from '../../cli/views-placement.js'

export default class AggregateList extends BaseCommand {
  static aliases = ['aggregate-list']
  static description = 'List host aggregates.'
  static examples = ['<%= config.bin %> aggregate list', '<%= config.bin %> aggregate list -f json -c Name -c Hosts']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(AggregateList)
    const state = await this.store.read()
    const views = state.aggregates.map((a) => aggregateView(a, state))
    return this.printList(flags, views, () => ({
      columns: ['ID', 'Name', 'Availability Zone', 'Hosts', 'Properties'],
      rows: views.map((v) => [v.id, v.name, v.availability_zone, v.hosts, new Formatted(Object.entries(v.properties).map(([k, x]) => `${k}=${x}`).join(', '), v.properties)]),
    }))
  }
}
