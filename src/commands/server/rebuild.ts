import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerRebuild extends ServerActionCommand {
  static aliases = ['rebuild']
  static args = { server: ServerActionCommand.args.server }
  static description = 'Rebuild a server: same ID, flavor and host, a new root disk from an image (its own by default). Everything on the old disk is lost. A stopped server stays stopped.'
  static examples = ['<%= config.bin %> server rebuild vm1 --wait', '<%= config.bin %> server rebuild vm1 --image debian-12 --name web-1']
  static flags = {
    image: Flags.string({ description: 'Image name or ID (default: the server\'s current image).' }),
    name: Flags.string({ description: 'A new name for the server.' }),
    wait: ServerActionCommand.waitFlag,
  }

  async run() {
    const { args, flags } = await this.parse(ServerRebuild)
    return this.serverAction([args.server], flags.wait, 'rebuild', (compute, [ref]) => compute.rebuildServer(ref, { image: flags.image, name: flags.name }))
  }
}
