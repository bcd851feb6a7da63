import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { AGGREGATE_FIELDS, aggregateView } from '../../cli/views-placement.js'

export default class AggregateSet extends BaseCommand {
  static args = { aggregate: Args.string({ description: 'Aggregate name or ID', required: true }) }
  static description = 'Set aggregate metadata (availability_zone, filter_tenant_id, max_instances_per_host, image properties for isolation, extra specs for AggregateInstanceExtraSpecsFilter, weight multipliers).'
  static examples = ['<%= config.bin %> aggregate set rack1 --property ssd=true --zone az1']
  static flags = {
    ...showFlags,
    property: Flags.string({ description: 'Metadata KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
    zone: Flags.string({ description: 'Make it (or move it to) this availability zone.' }),
  }
  static outputColumns = AGGREGATE_FIELDS

  async run() {
    const { args, flags } = await this.parse(AggregateSet)
    const metadata = keyValues('--property', flags.property)
    if (flags.zone) metadata.availability_zone = flags.zone
    const aggregate = await (await this.services()).aggregates.set(args.aggregate, metadata)
    const view = aggregateView(aggregate, await this.store.read())
    return this.printShow(flags, view, () => view)
  }
}
