import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerStart extends ServerActionCommand {
  static aliases = ['start']
  static args = ServerActionCommand.args
  static description = 'Start stopped servers (SHUTOFF to ACTIVE).'
  static examples = ['<%= config.bin %> server start vm1 --wait', '<%= config.bin %> server start web-1 web-2 web-3', '<%= config.bin %> start vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerStart)
    return this.serverAction(argv, flags.wait, 'start', (compute, refs) => compute.powerAction(refs, 'start'))
  }
}
