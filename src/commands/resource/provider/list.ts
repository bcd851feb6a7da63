import { BaseCommand } from '../../../cli/base-command.js'
import { table } from '../../../cli/table.js'
import { providerView } from '../../../cli/views-placement.js'

export default class ResourceProviderList extends BaseCommand {
  static description = 'List resource providers (one per compute host).'
  static examples = ['<%= config.bin %> resource provider list']

  async run() {
    await this.parse(ResourceProviderList)
    const state = await this.store.read()
    const views = state.hosts.map((h) => providerView(h, state))
    this.show(() => table(['UUID', 'Name', 'Traits'], views.map((v) => [v.uuid, v.name, v.traits.join(', ')])))
    return views
  }
}
