import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerShelve extends ServerActionCommand {
  static aliases = ['shelve']
  static args = ServerActionCommand.args
  static description = "Shelve servers: power off (shutdown_timeout), snapshot the disk into an image named <server>-shelved, and free the host (SHELVED_OFFLOADED). Unshelve brings them back."
  static examples = ['<%= config.bin %> server shelve vm1 --wait', '<%= config.bin %> shelve vm1 vm2']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerShelve)
    return this.serverAction(argv, flags.wait, 'shelve', (compute, refs) => compute.shelveServers(refs))
  }
}
