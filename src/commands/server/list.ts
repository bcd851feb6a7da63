import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { SERVER_HEAD, serverRow, serverView } from '../../cli/views.js'
import { visibleServers } from '../../core/model/servers.js'

export default class ServerList extends BaseCommand {
  static aliases = ['list']
  static description = 'List servers (deleted ones are hidden).'
  static examples = ['<%= config.bin %> server list', '<%= config.bin %> list --json']

  async run() {
    await this.parse(ServerList)
    const state = await this.store.read()
    const views = visibleServers(state).map((s) => serverView(s, state))
    this.show(() => table(SERVER_HEAD, views.map(serverRow)))
    return views
  }
}
