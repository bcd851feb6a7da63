import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerUnlock extends ServerActionCommand {
  static aliases = ['unlock']
  static args = ServerActionCommand.args
  static description = 'Unlock servers.'
  static examples = ['<%= config.bin %> server unlock db1', '<%= config.bin %> unlock db1']
  static strict = false

  async run() {
    const { argv } = await this.parse(ServerUnlock)
    return this.serverAction(argv, false, 'unlock', (compute, refs) => compute.unlockServers(refs))
  }
}
