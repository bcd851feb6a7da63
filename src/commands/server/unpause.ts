import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerUnpause extends ServerActionCommand {
  static aliases = ['unpause']
  static args = ServerActionCommand.args
  static description = 'Unpause paused servers (PAUSED to ACTIVE).'
  static examples = ['<%= config.bin %> server unpause vm1 --wait', '<%= config.bin %> server unpause web-1 web-2 web-3', '<%= config.bin %> unpause vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerUnpause)
    return this.serverAction(argv, flags.wait, 'unpause', (compute, refs) => compute.powerAction(refs, 'unpause'))
  }
}
