import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { FLAVOR_HEAD, flavorRow, flavorView } from '../../cli/views.js'

export default class FlavorList extends BaseCommand {
  static aliases = ['flavor-list']
  static description = "List flavors (Nova's defaults m1.tiny to m1.xlarge exist from the start): the public ones, as openstack's flavor list; --private or --all for the others."
  static examples = ['<%= config.bin %> flavor list', '<%= config.bin %> flavor list --long', '<%= config.bin %> flavor list --all', '<%= config.bin %> flavor list -f yaml', '<%= config.bin %> flavor list --json']
  static flags = {
    ...listFlags,
    all: Flags.boolean({ description: 'List public and private flavors.', exclusive: ['private', 'public'] }),
    long: Flags.boolean({ description: "openstack's --long columns: also Swap and Properties." }),
    private: Flags.boolean({ description: 'List only private flavors.', exclusive: ['all', 'public'] }),
    public: Flags.boolean({ description: 'List only public flavors (the default).', exclusive: ['all', 'private'] }),
  }

  async run() {
    const { flags } = await this.parse(FlavorList)
    const flavors = (await (await this.services()).flavors.list()).filter((f) => flags.all || f.isPublic === !flags.private)
    return this.printList(flags, flavors.map(flavorView), () => ({ columns: FLAVOR_HEAD, rows: flavors.map(flavorRow), shown: flags.long ? FLAVOR_HEAD : FLAVOR_HEAD.slice(0, 7) }))
  }
}
