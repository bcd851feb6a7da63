import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { providerView } from '../../../cli/views-placement.js'

export default class ResourceProviderList extends BaseCommand {
  static description = 'List resource providers (one per compute host).'
  static examples = ['<%= config.bin %> resource provider list', '<%= config.bin %> resource provider list -f value -c UUID -c Name']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(ResourceProviderList)
    const state = await this.store.read()
    const views = state.hosts.map((h) => providerView(h, state))
    return this.printList(flags, views, () => ({ columns: ['UUID', 'Name', 'Traits'], rows: views.map((v) => [v.uuid, v.name, v.traits]) }))
  }
}
