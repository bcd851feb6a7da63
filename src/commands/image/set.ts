import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { imageAttributeFlags, protectionOf, visibilityOf } from '../../cli/image-flags.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { IMAGE_FIELDS, imageFields, imageView } from '../../cli/views-images.js'
import { UserError } from '../../core/errors.js'

export default class ImageSet extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description =
    'Change an image: its name, properties (architecture, hypervisor_type, hw_vm_mode, img_hv_requested_version, hw_rescue_image, trait:NAME=required, ...), min_disk, min_ram, visibility or protection. Its data and format never change: `image convert` makes a new image.'
  static examples = [
    '<%= config.bin %> image set tiny --property architecture=x86_64',
    '<%= config.bin %> image set tiny --min-disk 2 --min-ram 256 --public',
    '<%= config.bin %> image set tiny --name tiny-old --protected',
  ]
  static flags = {
    ...showFlags,
    ...imageAttributeFlags,
    name: Flags.string({ description: 'New name.' }),
  }
  static outputColumns = IMAGE_FIELDS

  async run() {
    const { args, flags } = await this.parse(ImageSet)
    const changes = {
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      ...(flags.property ? { properties: keyValues('--property', flags.property) } : {}),
      ...(flags['min-disk'] !== undefined ? { minDisk: flags['min-disk'] } : {}),
      ...(flags['min-ram'] !== undefined ? { minRam: flags['min-ram'] } : {}),
      ...(visibilityOf(flags) ? { visibility: visibilityOf(flags) } : {}),
      ...(protectionOf(flags) !== undefined ? { protected: protectionOf(flags) } : {}),
    }
    if (Object.keys(changes).length === 0) {
      throw new UserError('Nothing to change', { hint: 'Give --name, --property, --min-disk, --min-ram, a visibility (--public, --private, --shared, --community), --protected or --unprotected.', exitCode: 2 })
    }
    const view = imageView(await (await this.services()).images.update(args.image, changes))
    return this.printShow(flags, view, () => imageFields(view))
  }
}
