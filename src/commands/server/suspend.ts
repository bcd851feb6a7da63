import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerSuspend extends ServerActionCommand {
  static aliases = ['suspend']
  static args = ServerActionCommand.args
  static description = 'Suspend servers: memory is saved to disk on the host and the domain stops (libvirt managed save; ACTIVE to SUSPENDED).'
  static examples = ['<%= config.bin %> server suspend vm1 --wait', '<%= config.bin %> server suspend web-1 web-2 web-3', '<%= config.bin %> suspend vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerSuspend)
    return this.serverAction(argv, flags.wait, 'suspend', (compute, refs) => compute.powerAction(refs, 'suspend'))
  }
}
