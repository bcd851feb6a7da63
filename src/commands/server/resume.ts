import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerResume extends ServerActionCommand {
  static aliases = ['resume']
  static args = ServerActionCommand.args
  static description = 'Resume suspended servers from their saved memory (SUSPENDED to ACTIVE).'
  static examples = ['<%= config.bin %> server resume vm1 --wait', '<%= config.bin %> server resume web-1 web-2 web-3', '<%= config.bin %> resume vm1']
  static flags = { wait: ServerActionCommand.waitFlag }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerResume)
    return this.serverAction(argv, flags.wait, 'resume', (compute, refs) => compute.powerAction(refs, 'resume'))
  }
}
