import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { fieldTable } from '../../../cli/table.js'
import { aggregateView } from '../../../cli/views-placement.js'

export default class AggregateAddHost extends BaseCommand {
  static aliases = ['aggregate-add-host']
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }), host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Add a host to an aggregate (a host can be in only one availability zone).'
  static examples = ['<%= config.bin %> aggregate add host rack1 kvm1']

  async run() {
    const { args } = await this.parse(AggregateAddHost)
    const aggregate = await (await this.services()).aggregates.addHost(args.aggregate, args.host)
    const view = aggregateView(aggregate, await this.store.read())
    this.show(() => fieldTable(view))
    return view
  }
}
