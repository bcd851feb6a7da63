import { ServerActionCommand } from '../../../cli/server-action-command.js'

export default class ServerResizeConfirm extends ServerActionCommand {
  static aliases = ['resize-confirm']
  static args = ServerActionCommand.args
  static description = "Confirm a resize or migration (VERIFY_RESIZE): the old host's copy and claim are released."
  static examples = ['<%= config.bin %> server resize confirm vm1 --wait', '<%= config.bin %> resize-confirm vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerResizeConfirm)
    return this.serverAction(argv, flags.wait, 'confirm', (compute, refs) => compute.simpleAction(refs, 'confirm_resize'))
  }
}
