import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { FLAVOR_HEAD, flavorRow, flavorView } from '../../cli/views.js'

export default class FlavorList extends BaseCommand {
  static aliases = ['flavor-list']
  static description = "List flavors (Nova's defaults m1.tiny to m1.xlarge exist from the start)."
  static examples = ['<%= config.bin %> flavor list', '<%= config.bin %> flavor list --long', '<%= config.bin %> flavor list -f yaml', '<%= config.bin %> flavor list --json']
  static flags = {
    ...listFlags,
    long: Flags.boolean({ description: "openstack's --long columns: also Swap and Properties." }),
  }

  async run() {
    const { flags } = await this.parse(FlavorList)
    const flavors = await (await this.services()).flavors.list()
    return this.printList(flags, flavors.map(flavorView), () => ({ columns: FLAVOR_HEAD, rows: flavors.map(flavorRow), shown: flags.long ? FLAVOR_HEAD : FLAVOR_HEAD.slice(0, 7) }))
  }
}
