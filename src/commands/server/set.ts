import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { SERVER_FIELDS, serverFields, serverView } from '../../cli/views.js'

export default class ServerSet extends BaseCommand {
  static aliases = ['update']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = 'Rename a server, or set its description or properties (Nova server metadata).'
  static examples = ['<%= config.bin %> server set vm1 --name web-1', '<%= config.bin %> server set vm1 --property role=web --property tier=1 --description "front end"']
  static flags = {
    ...showFlags,
    description: Flags.string({ description: 'New description.' }),
    name: Flags.string({ description: 'New name.' }),
    property: Flags.string({ description: 'Property KEY=VALUE to add or change (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
  }
  static outputColumns = SERVER_FIELDS

  async run() {
    const { args, flags } = await this.parse(ServerSet)
    const { compute, store } = await this.services()
    const server = await compute.updateServer(args.server, { name: flags.name, description: flags.description, properties: keyValues('--property', flags.property) })
    const view = serverView(server, await store.read())
    return this.printShow(flags, view, () => serverFields(view))
  }
}
