import { ServerActionCommand } from '../../../cli/server-action-command.js'

export default class ServerResizeRevert extends ServerActionCommand {
  static aliases = ['resize-revert']
  static args = ServerActionCommand.args
  static description = 'Revert a resize or migration (VERIFY_RESIZE): back to the old host and flavor, running again if it ran.'
  static examples = ['<%= config.bin %> server resize revert vm1 --wait', '<%= config.bin %> resize-revert vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerResizeRevert)
    return this.serverAction(argv, flags.wait, 'revert', (compute, refs) => compute.simpleAction(refs, 'revert_resize'))
  }
}
