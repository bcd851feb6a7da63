import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { imageFields, imageView } from '../../cli/views-images.js'

export default class ImageUnset extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description = 'Remove image properties; a key the image does not have refuses the whole request.'
  static examples = ['<%= config.bin %> image unset tiny --property architecture', '<%= config.bin %> image unset tiny --property architecture --property hw_vm_mode']
  static flags = {
    property: Flags.string({ description: 'Property key to remove (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageUnset)
    const view = imageView(await (await this.services()).images.unsetProperties(args.image, flags.property))
    this.show(() => fieldTable(imageFields(view)))
    return view
  }
}
