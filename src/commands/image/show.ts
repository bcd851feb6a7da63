import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { imageView } from '../../cli/views.js'

export default class ImageShow extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description = 'Show one image.'
  static examples = ['<%= config.bin %> image show tiny']

  async run() {
    const { args } = await this.parse(ImageShow)
    const view = imageView(await (await this.services()).images.show(args.image))
    this.show(() => fieldTable(view))
    return view
  }
}
