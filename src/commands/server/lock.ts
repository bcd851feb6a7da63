import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerLock extends ServerActionCommand {
  static aliases = ['lock']
  static args = ServerActionCommand.args
  static description = 'Lock servers: every action but unlock is refused until they are unlocked (a guard against mistakes, as in Nova).'
  static examples = ['<%= config.bin %> server lock db1 --reason "production database"', '<%= config.bin %> lock db1']
  static flags = { reason: Flags.string({ description: 'Why it is locked; shown by server show and in every refusal.' }) }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerLock)
    return this.serverAction(argv, false, 'lock', (compute, refs) => compute.lockServers(refs, flags.reason))
  }
}
