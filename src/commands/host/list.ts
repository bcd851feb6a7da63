import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { HOST_HEAD, hostRow, hostView } from '../../cli/views.js'

export default class HostList extends BaseCommand {
  static aliases = ['host-list']
  static description = 'List compute hosts with their usage per resource class.'
  static examples = ['<%= config.bin %> host list', '<%= config.bin %> host list -f value -c Name --sort-column Servers --sort-descending']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(HostList)
    const state = await this.store.read()
    const views = state.hosts.map((h) => hostView(h, state))
    return this.printList(flags, views, () => ({ columns: HOST_HEAD, rows: views.map(hostRow) }))
  }
}
