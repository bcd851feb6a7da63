import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { AGGREGATE_FIELDS, aggregateView } from '../../cli/views-placement.js'

export default class AggregateCreate extends BaseCommand {
  static aliases = ['aggregate-create']
  static args = { name: Args.string({ description: 'Aggregate name', required: true }) }
  static description = 'Create a host aggregate; with --zone it is an availability zone.'
  static examples = ['<%= config.bin %> aggregate create rack1 --zone az1']
  static flags = {
    ...showFlags,
    property: Flags.string({ description: 'Metadata KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
    zone: Flags.string({ description: 'Availability zone this aggregate defines.' }),
  }
  static outputColumns = AGGREGATE_FIELDS

  async run() {
    const { args, flags } = await this.parse(AggregateCreate)
    const metadata = keyValues('--property', flags.property)
    if (flags.zone) metadata.availability_zone = flags.zone
    const aggregate = await (await this.services()).aggregates.create(args.name, metadata)
    const view = aggregateView(aggregate, await this.store.read())
    return this.printShow(flags, view, () => view)
  }
}
