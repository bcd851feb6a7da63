import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { serverGroupView } from '../../../cli/views-placement.js'

export default class ServerGroupList extends BaseCommand {
  static aliases = ['server-group-list']
  static description = 'List server groups.'
  static examples = ['<%= config.bin %> server group list', '<%= config.bin %> server group list -f value -c Name -c Policy']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(ServerGroupList)
    const state = await this.store.read()
    const views = state.serverGroups.map((g) => serverGroupView(g, state))
    return this.printList(flags, views, () => ({
      columns: ['ID', 'Name', 'Policy', 'Rules', 'Members'],
      rows: views.map((v) => [v.id, v.name, v.policy, v.rules, v.members.length]),
    }))
  }
}
