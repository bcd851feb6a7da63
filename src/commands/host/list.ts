import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { HOST_HEAD, hostRow, hostView } from '../../cli/views.js'

export default class HostList extends BaseCommand {
  static aliases = ['host-list', 'hypervisor-list', 'hypervisor:list']
  static description = 'List compute hosts with their usage per resource class.'
  static examples = ['<%= config.bin %> host list']

  async run() {
    await this.parse(HostList)
    const state = await this.store.read()
    const views = state.hosts.map((h) => hostView(h, state))
    this.show(() => table(HOST_HEAD, views.map(hostRow)))
    return views
  }
}
