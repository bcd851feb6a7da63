import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { flavorView } from '../../cli/views.js'

export default class FlavorUnset extends BaseCommand {
  static args = { flavor: Args.string({ description: 'Flavor name or ID', required: true }) }
  static description = 'Remove flavor properties.'
  static examples = ['<%= config.bin %> flavor unset m1.small --property trait:CUSTOM_STORAGE_SSD']
  static flags = {
    property: Flags.string({ description: 'Property key to remove (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(FlavorUnset)
    const view = flavorView(await (await this.services()).flavors.unsetProperties(args.flavor, flags.property))
    this.show(() => fieldTable(view))
    return view
  }
}
