import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { IMAGE_HEAD, imageRow, imageView } from '../../cli/views.js'

export default class ImageList extends BaseCommand {
  static aliases = ['image-list']
  static description = 'List images in the registry.'
  static examples = ['<%= config.bin %> image list']

  async run() {
    await this.parse(ImageList)
    const images = await (await this.services()).images.list()
    this.show(() => table(IMAGE_HEAD, images.map(imageRow)))
    return images.map(imageView)
  }
}
