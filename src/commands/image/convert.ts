import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { IMAGE_FIELDS, imageFields, imageView } from '../../cli/views-images.js'
import { CONVERT_TARGETS } from '../../core/images/formats.js'

export default class ImageConvert extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description =
    "Convert an image with qemu-img into a new image of the registry (its own ID, size and hashes; the source's properties, min_disk, min_ram and visibility). vpc is qemu-img's name for Glance's vhd. Converting to qcow2 or raw makes a vmdk, vdi, vhd, vhdx or iso image bootable."
  static examples = ['<%= config.bin %> image convert debian-vmdk --to qcow2 --name debian', '<%= config.bin %> image convert tiny --to vmdk']
  static flags = {
    ...showFlags,
    name: Flags.string({ description: 'Name of the new image (default: the source name and the format, e.g. tiny-qcow2).' }),
    to: Flags.option({ description: 'Format to convert to (qemu-img -O).', options: CONVERT_TARGETS, required: true })(),
  }
  static outputColumns = IMAGE_FIELDS

  async run() {
    const { args, flags } = await this.parse(ImageConvert)
    const view = imageView(await (await this.services()).images.convert(args.image, flags.to, flags.name))
    return this.printShow(flags, view, () => imageFields(view))
  }
}
