import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ImageDelete extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description = "Delete an image from the registry. Hosts keep their cached copy, so servers built from it keep running."
  static examples = ['<%= config.bin %> image delete tiny']

  async run() {
    const { args } = await this.parse(ImageDelete)
    const image = await (await this.services()).images.delete(args.image)
    this.log(`Deleted image ${image.name} (${image.id})`)
    return { id: image.id, name: image.name, deleted: true }
  }
}
