import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerUnshelve extends ServerActionCommand {
  static aliases = ['unshelve']
  static args = ServerActionCommand.args
  static description = 'Unshelve servers: schedule them again and boot them from their shelve snapshot, which is then deleted.'
  static examples = ['<%= config.bin %> server unshelve vm1 --wait', '<%= config.bin %> unshelve vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerUnshelve)
    return this.serverAction(argv, flags.wait, 'unshelve', (compute, refs) => compute.simpleAction(refs, 'unshelve'))
  }
}
