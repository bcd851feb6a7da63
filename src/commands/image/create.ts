import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { imageAttributeFlags, protectionOf, visibilityOf } from '../../cli/image-flags.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { IMAGE_FIELDS, imageFields, imageView } from '../../cli/views-images.js'
import { CONTAINER_FORMATS, DISK_FORMATS } from '../../core/images/formats.js'

export default class ImageCreate extends BaseCommand {
  static args = { name: Args.string({ description: 'Image name', required: true }) }
  static description =
    "Import a disk image file into the registry, as Glance takes an upload: copies it, records its size, virtual size, sha256 (os_hash_value) and md5 (checksum), and reads its format from the content with qemu-img (bounded by prlimit) and from its magic bytes, which must agree. A declared --disk-format must match the content (aki, ari and ami are taken as declared if the content is plain bytes). A qcow2 with a backing file or external data file, or a VMDK that names other files, is refused. Only qcow2 and raw images boot servers: convert others with `image convert`. With --url the data is downloaded (http or https, redirects followed) into a temporary file next to the registry, with a progress bar on stderr when it is a terminal; the image is registered only when every byte the server announced has arrived, the --checksum matches and the format checks pass, and a download that fails leaves nothing behind. Images with disk format aki or ari are kernels and ramdisks: an image whose kernel_id (and ramdisk_id, os_command_line) properties name them boots by direct kernel boot."
  static examples = [
    '<%= config.bin %> image create tiny --file ./tiny.qcow2',
    '<%= config.bin %> image create debian --file ./debian.vmdk --min-disk 4 --min-ram 512 --public --protected',
    '<%= config.bin %> image create installer --file ./netinst.iso --disk-format iso --property os_distro=debian',
    '<%= config.bin %> image create cirros --url https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img --checksum md5:c8fc807773e5354afe61636071771906',
    '<%= config.bin %> image create vmlinuz --file ./vmlinuz --disk-format aki --container-format aki',
    '<%= config.bin %> image create guest --file ./root.qcow2 --property kernel_id=vmlinuz --property ramdisk_id=initrd --property os_command_line="console=ttyS0"',
  ]
  static flags = {
    ...showFlags,
    ...imageAttributeFlags,
    'container-format': Flags.option({ default: 'bare' as const, description: 'Container format (Glance records it; homenova boots bare images).', options: CONTAINER_FORMATS })(),
    'disk-format': Flags.option({ description: 'Disk format (default: read from the file); refused if the file is something else.', options: DISK_FORMATS })(),
    checksum: Flags.string({ description: 'With --url: the checksum the data must have, as ALGO:HEX (sha256, sha512 or md5); a mismatch registers nothing.', dependsOn: ['url'] }),
    file: Flags.string({ description: 'Path of the image file to import.', exactlyOne: ['file', 'url'] }),
    url: Flags.string({ description: 'http or https URL to download the image data from (Glance web-download).', exactlyOne: ['file', 'url'] }),
  }
  static outputColumns = IMAGE_FIELDS

  async run() {
    const { args, flags } = await this.parse(ImageCreate)
    const attrs = {
      ...(flags['disk-format'] ? { diskFormat: flags['disk-format'] } : {}),
      containerFormat: flags['container-format'],
      ...(flags['min-disk'] !== undefined ? { minDisk: flags['min-disk'] } : {}),
      ...(flags['min-ram'] !== undefined ? { minRam: flags['min-ram'] } : {}),
      visibility: visibilityOf(flags),
      protected: protectionOf(flags),
      properties: keyValues('--property', flags.property ?? []),
    }
    // The download code (http, https) loads only for --url.
    const download = flags.url ? await import('../../core/images/download.js') : undefined
    const checksum = download && flags.checksum !== undefined ? download.parseChecksum(flags.checksum) : undefined
    const images = (await this.services()).images
    let image
    if (flags.url) {
      const { byteProgress } = await import('../../cli/byte-progress.js')
      const bar = byteProgress(`Downloading ${args.name}`)
      try {
        image = await images.createFromUrl(args.name, flags.url, attrs, { ...(checksum ? { checksum } : {}), onProgress: bar.update })
      } finally {
        bar.done()
      }
    } else {
      image = await images.create(args.name, flags.file!, attrs)
    }
    const view = imageView(image)
    return this.printShow(flags, view, () => imageFields(view))
  }
}
