import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerPause extends ServerActionCommand {
  static aliases = ['pause']
  static args = ServerActionCommand.args
  static description = 'Pause servers: their vCPUs stop, memory stays in the running process (ACTIVE to PAUSED).'
  static examples = ['<%= config.bin %> server pause vm1 --wait', '<%= config.bin %> server pause web-1 web-2 web-3', '<%= config.bin %> pause vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerPause)
    return this.serverAction(argv, flags.wait, 'pause', (compute, refs) => compute.powerAction(refs, 'pause'))
  }
}
