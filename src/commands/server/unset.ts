import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { serverFields, serverView } from '../../cli/views.js'

export default class ServerUnset extends BaseCommand {
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = 'Remove properties or the description of a server.'
  static examples = ['<%= config.bin %> server unset vm1 --property role', '<%= config.bin %> server unset vm1 --description']
  static flags = {
    description: Flags.boolean({ description: 'Clear the description.' }),
    property: Flags.string({ description: 'Property KEY to remove (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
  }

  async run() {
    const { args, flags } = await this.parse(ServerUnset)
    const { compute, store } = await this.services()
    const server = await compute.updateServer(args.server, { unsetProperties: flags.property, ...(flags.description ? { description: null } : {}) })
    const view = serverView(server, await store.read())
    this.show(() => fieldTable(serverFields(view)))
    return view
  }
}
