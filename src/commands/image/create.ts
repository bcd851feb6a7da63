import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { imageView } from '../../cli/views.js'

export default class ImageCreate extends BaseCommand {
  static args = { name: Args.string({ description: 'Image name', required: true }) }
  static description =
    'Import a disk image file into the registry: copies it, records its sha256, size and format (qcow2 or raw, read from the file itself). A qcow2 with a backing file or external data file is refused.'
  static examples = ['<%= config.bin %> image create tiny --file ./tiny.qcow2']
  static flags = {
    file: Flags.string({ description: 'Path of the image file to import.', required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageCreate)
    const view = imageView(await (await this.services()).images.create(args.name, flags.file))
    this.show(() => fieldTable(view))
    return view
  }
}
