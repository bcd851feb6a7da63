import { Args } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'
import { listFlags } from '../../../../cli/output-flags.js'
import { providerView } from '../../../../cli/views-placement.js'

export default class ResourceProviderInventoryList extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = "List a resource provider's inventories: capacity = (total - reserved) x allocation_ratio."
  static examples = ['<%= config.bin %> resource provider inventory list kvm1', '<%= config.bin %> resource provider inventory list kvm1 -f value -c "Resource Class" -c Used']
  static flags = { ...listFlags }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderInventoryList)
    const view = providerView(await (await this.services()).placement.provider(args.provider), await this.store.read())
    return this.printList(flags, view.inventories, () => ({
      columns: ['Resource Class', 'Total', 'Reserved', 'Min Unit', 'Max Unit', 'Step Size', 'Allocation Ratio', 'Capacity', 'Used'],
      rows: Object.entries(view.inventories).map(([rc, i]) => [rc, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size, i.allocation_ratio, i.capacity, i.used]),
    }))
  }
}
