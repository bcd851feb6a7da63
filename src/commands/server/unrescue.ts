import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerUnrescue extends ServerActionCommand {
  static aliases = ['unrescue']
  static args = ServerActionCommand.args
  static description = 'Return rescued servers to their own disk and domain (RESCUE to ACTIVE).'
  static examples = ['<%= config.bin %> server unrescue vm1 --wait', '<%= config.bin %> unrescue vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerUnrescue)
    return this.serverAction(argv, flags.wait, 'unrescue', (compute, refs) => compute.simpleAction(refs, 'unrescue'))
  }
}
