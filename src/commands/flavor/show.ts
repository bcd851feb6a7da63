import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { flavorView } from '../../cli/views.js'

export default class FlavorShow extends BaseCommand {
  static args = { flavor: Args.string({ description: 'Flavor name or ID', required: true }) }
  static description = 'Show one flavor.'
  static examples = ['<%= config.bin %> flavor show m1.small']

  async run() {
    const { args } = await this.parse(FlavorShow)
    const view = flavorView(await (await this.services()).flavors.show(args.flavor))
    this.show(() => fieldTable(view))
    return view
  }
}
