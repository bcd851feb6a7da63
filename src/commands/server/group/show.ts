import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { showFlags } from '../../../cli/output-flags.js'
import { serverGroupView } from '../../../cli/views-placement.js'

export default class ServerGroupShow extends BaseCommand {
  static aliases = ['server-group-get']
  static args = { group: Args.string({ description: 'Server group name or ID', required: true }) }
  static description = 'Show one server group and its members.'
  static examples = ['<%= config.bin %> server group show web', '<%= config.bin %> server group show web -f value -c members']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(ServerGroupShow)
    const view = serverGroupView(await (await this.services()).serverGroups.show(args.group), await this.store.read())
    return this.printShow(flags, view, () => view)
  }
}
