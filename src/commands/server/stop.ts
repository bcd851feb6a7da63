import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerStop extends ServerActionCommand {
  static aliases = ['stop']
  static args = ServerActionCommand.args
  static description = 'Stop servers: the guest gets shutdown_timeout seconds (default 60) to shut down by itself after an ACPI power button press, then it is powered off (ACTIVE or ERROR to SHUTOFF).'
  static examples = ['<%= config.bin %> server stop vm1 --wait', '<%= config.bin %> server stop web-1 web-2 web-3', '<%= config.bin %> stop vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerStop)
    return this.serverAction(argv, flags.wait, 'stop', (compute, refs) => compute.powerAction(refs, 'stop'))
  }
}
