import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { serverFields, serverView } from '../../cli/views.js'
import { visibleServers } from '../../core/model/servers.js'
import { findOne } from '../../core/model/names.js'

export default class ServerShow extends BaseCommand {
  static aliases = ['show']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = 'Show one server, with its fault if it failed.'
  static examples = ['<%= config.bin %> server show vm1', '<%= config.bin %> server show vm1 -f value -c status']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(ServerShow)
    const state = await this.store.read()
    const view = serverView(findOne('server', visibleServers(state), args.server), state)
    return this.printShow(flags, view, () => serverFields(view))
  }
}
