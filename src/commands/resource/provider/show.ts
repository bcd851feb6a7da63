import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { Formatted } from '../../../cli/output.js'
import { showFlags } from '../../../cli/output-flags.js'
import { providerView } from '../../../cli/views-placement.js'

export default class ResourceProviderShow extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = 'Show a resource provider: inventories, usage and traits.'
  static examples = ['<%= config.bin %> resource provider show kvm1', '<%= config.bin %> resource provider show kvm1 -f json -c inventories']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderShow)
    const view = providerView(await (await this.services()).placement.provider(args.provider), await this.store.read())
    // An inventory a line, as `resource provider inventory list` has them in columns.
    const inventories = Object.entries(view.inventories).map(([rc, i]) => `${rc}: total ${i.total}, reserved ${i.reserved}, min_unit ${i.min_unit}, max_unit ${i.max_unit}, step_size ${i.step_size}, allocation_ratio ${i.allocation_ratio}, capacity ${i.capacity}, used ${i.used}`)
    return this.printShow(flags, view, () => ({ ...view, inventories: new Formatted(inventories.join('\n'), view.inventories) }))
  }
}
