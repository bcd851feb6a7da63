import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class FlavorDelete extends BaseCommand {
  static aliases = ['flavor-delete']
  static args = { flavor: Args.string({ description: 'Flavor name or ID', required: true }) }
  static description = 'Delete a flavor. Servers keep their own copy of the flavor they were built with.'
  static examples = ['<%= config.bin %> flavor delete m1.micro']

  async run() {
    const { args } = await this.parse(FlavorDelete)
    const flavor = await (await this.services()).flavors.delete(args.flavor)
    this.log(`Deleted flavor ${flavor.name} (${flavor.id})`)
    return { id: flavor.id, name: flavor.name, deleted: true }
  }
}
