import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class AggregateDelete extends BaseCommand {
  static aliases = ['aggregate-delete']
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }) }
  static description = 'Delete an aggregate that has no hosts.'
  static examples = ['<%= config.bin %> aggregate delete rack1']

  async run() {
    const { args } = await this.parse(AggregateDelete)
    const aggregate = await (await this.services()).aggregates.delete(args.aggregate)
    this.log(`Deleted aggregate ${aggregate.name}`)
    return { id: aggregate.id, name: aggregate.name, deleted: true }
  }
}
