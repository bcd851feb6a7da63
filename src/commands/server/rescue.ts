import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerRescue extends ServerActionCommand {
  static aliases = ['rescue']
  static args = ServerActionCommand.oneServerArgs
  static description = `Boot a server from a rescue image with its own disk attached second, to repair it. The guest gets shutdown_timeout seconds to shut down first. The rescue image is --image, else the server image's hw_rescue_image property, else a fresh copy of the server's own image. With hw_rescue_device/hw_rescue_bus on the rescue image, every original device keeps its place (stable device rescue). Pause, suspend and stop are refused while rescued; unrescue returns.`
  static examples = ['<%= config.bin %> server rescue vm1 --wait', '<%= config.bin %> server rescue vm1 --image rescue-tools']
  static flags = {
    image: Flags.string({ description: 'Rescue image name or ID.' }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = true

  async run() {
    const { args, flags } = await this.parse(ServerRescue)
    return this.serverAction([args.server], flags.wait, 'rescue', (compute, [ref]) => compute.rescueServer(ref, flags.image))
  }
}
