import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { SERVER_HEAD, serverRow, serverView } from '../../cli/views.js'
import { filterServers } from '../../core/api/server-filters.js'
import { visibleServers } from '../../core/model/servers.js'

export default class ServerList extends BaseCommand {
  static aliases = ['list']
  static description = 'List servers (deleted ones are hidden), optionally filtered.'
  static examples = ['<%= config.bin %> server list', '<%= config.bin %> server list --status SHUTOFF --host kvm1', '<%= config.bin %> server list --name "^web-"', '<%= config.bin %> list --json']
  static flags = {
    flavor: Flags.string({ description: 'Only servers of this flavor (name or ID).' }),
    host: Flags.string({ description: 'Only servers on this host.' }),
    image: Flags.string({ description: 'Only servers booted from this image (name or ID).' }),
    name: Flags.string({ description: 'Only servers whose name matches this regular expression.' }),
    status: Flags.string({ description: 'Only servers with this status (ACTIVE, SHUTOFF, ERROR, ...).' }),
  }

  async run() {
    const { flags } = await this.parse(ServerList)
    const state = await this.store.read()
    const views = filterServers(state, visibleServers(state), flags).map((s) => serverView(s, state))
    this.show(() => table(SERVER_HEAD, views.map(serverRow)))
    return views
  }
}
