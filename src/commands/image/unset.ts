import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { imageView } from '../../cli/views.js'

export default class ImageUnset extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name or ID', required: true }) }
  static description = 'Remove image properties.'
  static examples = ['<%= config.bin %> image unset tiny --property architecture']
  static flags = {
    property: Flags.string({ description: 'Property key to remove (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageUnset)
    const view = imageView(await (await this.services()).images.unsetProperties(args.image, flags.property))
    this.show(() => fieldTable(view))
    return view
  }
}
