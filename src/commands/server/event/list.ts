import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { actionRow, actionView, ACTION_HEAD, ACTION_SHORT } from '../../../cli/views-actions.js'

export default class ServerEventList extends BaseCommand {
  static aliases = ['instance-action-list']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = "List a server's actions (Nova's instance actions), newest first: who asked for what, when, and how it ended."
  static examples = ['<%= config.bin %> server event list vm1', '<%= config.bin %> server event list vm1 -f value -c "Request ID" -c Action', '<%= config.bin %> server event list vm1 --long', '<%= config.bin %> server event list vm1 --json']
  static flags = {
    ...listFlags,
    long: Flags.boolean({ description: "Every column: also openstack's Server ID and Project ID." }),
  }

  async run() {
    const { args, flags } = await this.parse(ServerEventList)
    const views = (await (await this.services()).compute.listEvents(args.server)).map(actionView)
    return this.printList(flags, views, () => ({ columns: ACTION_HEAD, rows: views.map(actionRow), shown: flags.long ? ACTION_HEAD : ACTION_SHORT }))
  }
}
