import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { FLAVOR_HEAD, flavorRow, flavorView } from '../../cli/views.js'

export default class FlavorList extends BaseCommand {
  static aliases = ['flavor-list']
  static description = "List flavors (Nova's defaults m1.tiny to m1.xlarge exist from the start)."
  static examples = ['<%= config.bin %> flavor list', '<%= config.bin %> flavor list --json']

  async run() {
    await this.parse(FlavorList)
    const flavors = await (await this.services()).flavors.list()
    this.show(() => table(FLAVOR_HEAD, flavors.map(flavorRow)))
    return flavors.map(flavorView)
  }
}
