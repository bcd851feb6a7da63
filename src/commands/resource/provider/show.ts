import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { table } from '../../../cli/table.js'
import { providerView } from '../../../cli/views-placement.js'

export default class ResourceProviderShow extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = 'Show a resource provider: inventories, usage and traits.'
  static examples = ['<%= config.bin %> resource provider show kvm1']

  async run() {
    const { args } = await this.parse(ResourceProviderShow)
    const view = providerView(await (await this.services()).placement.provider(args.provider), await this.store.read())
    this.show(() => `${view.name} (${view.uuid})\n${table(['Resource Class', 'Total', 'Reserved', 'Min Unit', 'Max Unit', 'Step Size', 'Allocation Ratio', 'Capacity', 'Used'], Object.entries(view.inventories).map(([rc, i]) => [rc, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size, i.allocation_ratio, i.capacity, i.used]))}\ntraits: ${view.traits.join(', ')}`)
    return view
  }
}
