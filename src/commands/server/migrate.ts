import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerMigrate extends ServerActionCommand {
  static aliases = ['migrate']
  static args = ServerActionCommand.args
  static description = "Cold-migrate servers to another host (Nova's resize to the same flavor): the scheduler picks the host, or --host names it. Then `server resize confirm` or `server resize revert`, as after a resize."
  static examples = ['<%= config.bin %> server migrate vm1 --wait', '<%= config.bin %> server migrate vm1 --host kvm2 --wait']
  static flags = {
    host: Flags.string({ description: 'The destination host (default: the scheduler picks).' }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerMigrate)
    return this.serverAction(argv, flags.wait, 'migrate', (compute, refs) => compute.migrateServers(refs, flags.host))
  }
}
