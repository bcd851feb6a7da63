import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ImageSave extends BaseCommand {
  static args = { image: Args.string({ description: 'Image name, ID or unique ID prefix', required: true }) }
  static description = "Write an image's data to a new file (never over an existing one), then read it back and check its sha256."
  static examples = ['<%= config.bin %> image save tiny --file ./tiny-copy.qcow2']
  static flags = {
    file: Flags.string({ description: 'File to write; it must not exist.', required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ImageSave)
    const image = await (await this.services()).images.save(args.image, flags.file)
    this.log(`Saved image ${image.name} (${image.id}) to ${flags.file}: ${image.size} bytes, sha256 ${image.checksum}`)
    return { id: image.id, name: image.name, file: flags.file, size: image.size, os_hash_algo: 'sha256', os_hash_value: image.checksum }
  }
}
