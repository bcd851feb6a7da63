import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { aggregateView } from '../../cli/views-placement.js'

export default class AggregateShow extends BaseCommand {
  static aliases = ['aggregate-show']
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }) }
  static description = 'Show one aggregate: its zone, hosts and metadata.'
  static examples = ['<%= config.bin %> aggregate show rack1', '<%= config.bin %> aggregate show rack1 -f value -c hosts']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(AggregateShow)
    const aggregate = await (await this.services()).aggregates.show(args.aggregate)
    const view = aggregateView(aggregate, await this.store.read())
    return this.printShow(flags, view, () => view)
  }
}
