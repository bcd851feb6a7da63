import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { showFlags } from '../../../cli/output-flags.js'
import { actionFields, actionView } from '../../../cli/views-actions.js'

export default class ServerEventShow extends BaseCommand {
  static aliases = ['instance-action']
  static args = {
    server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }),
    request: Args.string({ description: 'Request ID (from server event list)', required: true }),
  }
  static description = 'Show one action of a server with its events and their steps; a failure carries its message.'
  static examples = ['<%= config.bin %> server event show vm1 req-5f0c...', '<%= config.bin %> server event show vm1 req-5f0c... -f value -c result']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(ServerEventShow)
    const view = actionView(await (await this.services()).compute.showEvent(args.server, args.request))
    return this.printShow(flags, view, () => actionFields(view))
  }
}
