import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { keyValues } from '../../cli/key-values.js'
import { fieldTable } from '../../cli/table.js'
import { imageView } from '../../cli/views.js'

export default class ImageSet extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name or ID', required: true }) }
  static description = 'Set image properties. Properties: architecture, hypervisor_type, hw_vm_mode, img_hv_requested_version, trait:NAME=required, ...'
  static examples = ['<%= config.bin %> image set tiny --property architecture=x86_64']
  static flags = {
    property: Flags.string({ description: 'KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageSet)
    const view = imageView(await (await this.services()).images.setProperties(args.image, keyValues('--property', flags.property)))
    this.show(() => fieldTable(view))
    return view
  }
}
