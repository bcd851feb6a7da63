import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { table } from '../../../cli/table.js'
import { actionRow, actionView, ACTION_HEAD } from '../../../cli/views-actions.js'

export default class ServerEventList extends BaseCommand {
  static aliases = ['instance-action-list']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = "List a server's actions (Nova's instance actions), newest first: who asked for what, when, and how it ended."
  static examples = ['<%= config.bin %> server event list vm1', '<%= config.bin %> server event list vm1 --json']

  async run() {
    const { args } = await this.parse(ServerEventList)
    const views = (await (await this.services()).compute.listEvents(args.server)).map(actionView)
    this.show(() => table(ACTION_HEAD, views.map(actionRow)))
    return views
  }
}
