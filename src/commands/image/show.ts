import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { imageFields, imageView } from '../../cli/views-images.js'
import { findOne } from '../../core/model/names.js'

export default class ImageShow extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description = "Show one image in Glance's fields: checksum (md5), os_hash_algo and os_hash_value (sha256), disk_format, min_disk, min_ram, visibility, protected, ..."
  static examples = ['<%= config.bin %> image show tiny', '<%= config.bin %> image show tiny -f value -c os_hash_value', '<%= config.bin %> image show tiny --json']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(ImageShow)
    const view = imageView(findOne('image', (await this.store.read()).images, args.image))
    return this.printShow(flags, view, () => imageFields(view))
  }
}
