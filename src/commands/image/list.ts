import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { IMAGE_HEAD, IMAGE_LONG_HEAD, imageRow, imageView } from '../../cli/views-images.js'

export default class ImageList extends BaseCommand {
  static aliases = ['image-list']
  static description = 'List images in the registry (ID, Name, Status, as openstack image list).'
  static examples = ['<%= config.bin %> image list', '<%= config.bin %> image list --long', '<%= config.bin %> image list -f value -c Name', '<%= config.bin %> image list --json']
  static flags = {
    ...listFlags,
    long: Flags.boolean({ description: 'Also Disk Format, Container Format, Size, Checksum (md5), Visibility and Protected.' }),
  }

  async run() {
    const { flags } = await this.parse(ImageList)
    const views = (await this.store.read()).images.map(imageView)
    // Every --long column can be asked for with -c; without --long openstack shows ID, Name, Status.
    return this.printList(flags, views, () => ({ columns: IMAGE_LONG_HEAD, rows: views.map((v) => imageRow(v, true)), shown: flags.long ? IMAGE_LONG_HEAD : IMAGE_HEAD }))
  }
}
