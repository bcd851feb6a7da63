import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerDelete extends ServerActionCommand {
  static aliases = ['delete']
  static args = ServerActionCommand.args
  static description = `Delete servers: destroy the domain, remove its files and release its resources. Allowed in any state but locked. Work already accepted for a server runs first and stops at its next step; --force cancels that queued work instead.`
  static examples = ['<%= config.bin %> server delete vm1 --wait', '<%= config.bin %> server delete web-1 web-2 web-3', '<%= config.bin %> server delete stuck --force']
  static flags = {
    force: Flags.boolean({ description: 'Cancel work queued for the server instead of letting it run first.' }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerDelete)
    return this.serverAction(argv, flags.wait, 'delete', (compute, refs) => compute.deleteServers(refs, { force: flags.force }))
  }
}
