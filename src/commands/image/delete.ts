import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ImageDelete extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description =
    'Delete an image and its data from the registry. A protected image is refused (unprotect it first). Servers built from it keep running: hosts keep their cached copy; rebuilding onto it is no longer possible.'
  static examples = ['<%= config.bin %> image delete tiny', '<%= config.bin %> image set tiny --unprotected && <%= config.bin %> image delete tiny']

  async run() {
    const { args } = await this.parse(ImageDelete)
    const image = await (await this.services()).images.delete(args.image)
    this.log(`Deleted image ${image.name} (${image.id})`)
    return { id: image.id, name: image.name, deleted: true }
  }
}
