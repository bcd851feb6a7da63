import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { aggregateView } from '../../cli/views-placement.js'

export default class AggregateUnset extends BaseCommand {
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }) }
  static description = 'Remove aggregate metadata keys.'
  static examples = ['<%= config.bin %> aggregate unset rack1 --property ssd']
  static flags = {
    property: Flags.string({ description: 'Metadata key to remove (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(AggregateUnset)
    const aggregate = await (await this.services()).aggregates.unset(args.aggregate, flags.property)
    const view = aggregateView(aggregate, await this.store.read())
    this.show(() => fieldTable(view))
    return view
  }
}
