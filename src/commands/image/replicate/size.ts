import { BaseCommand } from '../../../cli/base-command.js'

export default class ImageReplicateSize extends BaseCommand {
  static description = 'The total size of the image data a dump of this home would hold, and how many images, as glance-replicator size says it.'
  static examples = ['<%= config.bin %> image replicate size', '<%= config.bin %> image replicate size --json']

  async run() {
    await this.parse(ImageReplicateSize)
    const { ReplicateApi } = await import('../../../core/images/replicate-api.js')
    const size = await new ReplicateApi(this.store).size()
    this.show(() => `Total size is ${size.bytes} bytes (${(size.bytes / 1024 ** 3).toFixed(2)} GiB) across ${size.images} images`)
    return size
  }
}
