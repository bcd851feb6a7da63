import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { networkFields, networkView } from '../../cli/views-networks.js'

export default class NetworkShow extends BaseCommand {
  static aliases = ['network-show', 'net-show']
  static args = { name: Args.string({ description: 'Network name', required: true }) }
  static description = 'Show one network: its type and, per host that offers it, its bridge, forward mode and whether it is started.'
  static examples = ['<%= config.bin %> network show user', '<%= config.bin %> network show br0 -f json']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(NetworkShow)
    const view = networkView(await (await this.services()).networks.show(args.name))
    return this.printShow(flags, view, () => networkFields(view))
  }
}
