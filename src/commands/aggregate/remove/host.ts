import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { fieldTable } from '../../../cli/table.js'
import { aggregateView } from '../../../cli/views-placement.js'

export default class AggregateRemoveHost extends BaseCommand {
  static aliases = ['aggregate-remove-host']
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }), host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Remove a host from an aggregate.'
  static examples = ['<%= config.bin %> aggregate remove host rack1 kvm1']

  async run() {
    const { args } = await this.parse(AggregateRemoveHost)
    const aggregate = await (await this.services()).aggregates.removeHost(args.aggregate, args.host)
    const view = aggregateView(aggregate, await this.store.read())
    this.show(() => fieldTable(view))
    return view
  }
}
