import { BaseCommand } from '../../../cli/base-command.js'
import { table } from '../../../cli/table.js'
import { serverGroupView } from '../../../cli/views-placement.js'

export default class ServerGroupList extends BaseCommand {
  static aliases = ['server-group-list']
  static description = 'List server groups.'
  static examples = ['<%= config.bin %> server group list']

  async run() {
    await this.parse(ServerGroupList)
    const state = await this.store.read()
    const views = state.serverGroups.map((g) => serverGroupView(g, state))
    this.show(() => table(['ID', 'Name', 'Policy', 'Rules', 'Members'], views.map((v) => [v.id, v.name, v.policy, JSON.stringify(v.rules), v.members.length])))
    return views
  }
}
