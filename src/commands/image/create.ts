import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { imageAttributeFlags, protectionOf, visibilityOf } from '../../cli/image-flags.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { imageFields, imageView } from '../../cli/views-images.js'
import { CONTAINER_FORMATS, DISK_FORMATS } from '../../core/images/formats.js'

export default class ImageCreate extends BaseCommand {
  static args = { name: Args.string({ description: 'Image name', required: true }) }
  static description =
    "Import a disk image file into the registry, as Glance takes an upload: copies it, records its size, virtual size, sha256 (os_hash_value) and md5 (checksum), and reads its format from the content with qemu-img (bounded by prlimit) and from its magic bytes, which must agree. A declared --disk-format must match the content (aki, ari and ami are taken as declared if the content is plain bytes). A qcow2 with a backing file or external data file, or a VMDK that names other files, is refused. Only qcow2 and raw images boot servers: convert others with `image convert`."
  static examples = [
    '<%= config.bin %> image create tiny --file ./tiny.qcow2',
    '<%= config.bin %> image create debian --file ./debian.vmdk --min-disk 4 --min-ram 512 --public --protected',
    '<%= config.bin %> image create installer --file ./netinst.iso --disk-format iso --property os_distro=debian',
  ]
  static flags = {
    ...showFlags,
    ...imageAttributeFlags,
    'container-format': Flags.option({ default: 'bare' as const, description: 'Container format (Glance records it; homenova boots bare images).', options: CONTAINER_FORMATS })(),
    'disk-format': Flags.option({ description: 'Disk format (default: read from the file); refused if the file is something else.', options: DISK_FORMATS })(),
    file: Flags.string({ description: 'Path of the image file to import.', required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageCreate)
    const image = await (await this.services()).images.create(args.name, flags.file, {
      ...(flags['disk-format'] ? { diskFormat: flags['disk-format'] } : {}),
      containerFormat: flags['container-format'],
      ...(flags['min-disk'] !== undefined ? { minDisk: flags['min-disk'] } : {}),
      ...(flags['min-ram'] !== undefined ? { minRam: flags['min-ram'] } : {}),
      visibility: visibilityOf(flags),
      protected: protectionOf(flags),
      properties: keyValues('--property', flags.property ?? []),
    })
    const view = imageView(image)
    return this.printShow(flags, view, () => imageFields(view))
  }
}
