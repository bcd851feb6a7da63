import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerReboot extends ServerActionCommand {
  static aliases = ['reboot']
  static args = ServerActionCommand.args
  static description = `Reboot servers. Soft (the default): the guest gets shutdown_timeout seconds (default 60) to shut down by itself, then it is started again; a guest that does not stop in time gets a hard reboot instead, as Nova's libvirt driver does. Hard: powered off at once and started; also works on SHUTOFF, PAUSED, SUSPENDED and ERROR servers.`
  static examples = ['<%= config.bin %> server reboot vm1 --wait', '<%= config.bin %> server reboot --hard vm1 vm2', '<%= config.bin %> reboot --hard vm1']
  static flags = {
    hard: Flags.boolean({ description: 'Power off at once and start again.', exclusive: ['soft'] }),
    soft: Flags.boolean({ description: 'Ask the guest to restart (the default).', exclusive: ['hard'] }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerReboot)
    return this.serverAction(argv, flags.wait, 'reboot', (compute, refs) => compute.powerAction(refs, flags.hard ? 'reboot_hard' : 'reboot_soft'))
  }
}
