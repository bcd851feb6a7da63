import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerResize extends ServerActionCommand {
  static aliases = ['resize']
  static args = ServerActionCommand.oneServerArgs
  static description = `Resize a server to another flavor. The scheduler picks the host (the current one only with allow_resize_to_same_host); the disk is copied through homenova's SSH connections, sha256-checked, and grown to the flavor. The server then waits in VERIFY_RESIZE, holding resources for both flavors, until \`server resize confirm\` (the old copy goes) or \`server resize revert\` (back as it was). Disks never shrink.`
  static examples = ['<%= config.bin %> server resize vm1 --flavor m1.small --wait', '<%= config.bin %> server resize confirm vm1']
  static flags = {
    flavor: Flags.string({ description: 'The new flavor (name or ID).', required: true }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = true

  async run() {
    const { args, flags } = await this.parse(ServerResize)
    return this.serverAction([args.server], flags.wait, 'resize', (compute, [ref]) => compute.resizeServer(ref, flags.flavor))
  }
}
