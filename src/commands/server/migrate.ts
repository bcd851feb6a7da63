import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerMigrate extends ServerActionCommand {
  static aliases = ['migrate']
  static args = ServerActionCommand.args
  static description = [
    "Cold-migrate servers to another host (Nova's resize to the same flavor): the scheduler picks the host, or --host names it. Then `server resize confirm` or `server resize revert`, as after a resize.",
    "With --live-migration the servers keep running (ACTIVE or PAUSED ones): their memory and disk are copied to the destination while they run (block migration: homenova's hosts share no storage), and they go on there with nothing to confirm. On libvirt hosts the machine running homenova drives it with virsh over each host's SSH login; the guest's memory goes straight from host to host, to the destination's address on a port from 49152 to 49215.",
  ].join('\n\n')
  static examples = ['<%= config.bin %> server migrate vm1 --wait', '<%= config.bin %> server migrate vm1 --host kvm2 --wait', '<%= config.bin %> server migrate vm1 --live-migration --wait', '<%= config.bin %> server migrate vm1 --live-migration --host kvm2 --block-migration --wait']
  static flags = {
    'block-migration': Flags.boolean({ description: 'With --live-migration: copy the disks too (what it always does here: the hosts share no storage).', dependsOn: ['live-migration'] }),
    host: Flags.string({ description: 'The destination host (default: the scheduler picks; a named host is still checked by the scheduler).' }),
    'live-migration': Flags.boolean({ description: 'Live-migrate: the servers keep running while they move, and there is nothing to confirm.' }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerMigrate)
    if (flags['live-migration']) return this.serverAction(argv, flags.wait, 'live-migrate', (compute, refs) => compute.liveMigrateServers(refs, flags.host))
    return this.serverAction(argv, flags.wait, 'migrate', (compute, refs) => compute.migrateServers(refs, flags.host))
  }
}
