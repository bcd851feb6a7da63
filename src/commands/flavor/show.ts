import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { flavorFields, flavorView } from '../../cli/views.js'

export default class FlavorShow extends BaseCommand {
  static aliases = ['flavor-show']
  static args = { flavor: Args.string({ description: 'Flavor name or ID', required: true }) }
  static description = 'Show one flavor.'
  static examples = ['<%= config.bin %> flavor show m1.small', '<%= config.bin %> flavor show m1.small -f value -c ram']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(FlavorShow)
    const view = flavorView(await (await this.services()).flavors.show(args.flavor))
    return this.printShow(flags, view, () => flavorFields(view))
  }
}
