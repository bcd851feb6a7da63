import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../../cli/server-action-command.js'

export default class ServerImageCreate extends ServerActionCommand {
  static aliases = ['image-create']
  static args = ServerActionCommand.oneServerArgs
  static description = "Snapshot a server's disk into a new image (queued, then saving, then active) that boots new servers. A running guest is paused while its disk is read; the server returns to its state."
  static examples = ['<%= config.bin %> server image create vm1 --name vm1-backup --wait', '<%= config.bin %> image-create vm1 --name golden']
  static flags = {
    name: Flags.string({ description: 'Name of the new image.', required: true }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = true

  async run() {
    const { args, flags } = await this.parse(ServerImageCreate)
    let imageId = ''
    const outcomes = await this.serverAction([args.server], flags.wait, 'snapshot', async (compute, [ref]) => {
      const accepted = await compute.createServerImage(ref, flags.name)
      imageId = accepted.imageId
      return accepted
    })
    const image = (await this.store.read()).images.find((i) => i.id === imageId)
    if (image && !this.jsonEnabled()) this.log(`Image ${image.name} (${image.id}): ${image.status}`)
    return { ...outcomes[0], image: image ? { id: image.id, name: image.name, status: image.status } : null }
  }
}
