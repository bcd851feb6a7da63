import { Args, Flags } from '@oclif/core'
import { ServerActionCommand } from '../cli/server-action-command.js'

// novaclient's `nova live-migration SERVER [HOST]`: the host is a second
// argument there, so it is a command of its own rather than an alias.
export default class LiveMigration extends ServerActionCommand {
  static args = {
    server: ServerActionCommand.oneServerArgs.server,
    host: Args.string({ description: 'The destination host (default: the scheduler picks; a named host is still checked by the scheduler).' }),
  }
  static description = "Live-migrate a server to another host, as `nova live-migration` (the same as `server migrate --live-migration`): it keeps running while its memory and disk are copied, and goes on there."
  static strict = true
  static examples = ['<%= config.bin %> live-migration vm1 --wait', '<%= config.bin %> live-migration vm1 kvm2 --block-migrate']
  static flags = {
    'block-migrate': Flags.boolean({ description: 'Copy the disk too (what it always does here: the hosts share no storage).' }),
    wait: ServerActionCommand.waitFlag,
  }

  async run() {
    const { args, flags } = await this.parse(LiveMigration)
    return this.serverAction([args.server], flags.wait, 'live-migrate', (compute, refs) => compute.liveMigrateServers(refs, args.host))
  }
}
