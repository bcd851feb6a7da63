import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { REPLICA_HEAD, replicaRow } from '../../../cli/views-replicate.js'

export default class ImageReplicateCompare extends BaseCommand {
  static args = { dir: Args.string({ description: 'Directory `image replicate dump` wrote', required: true }) }
  static description =
    "Compare this home's images with a dump directory, as glance-replicator compare does: images missing here or there, and for images in both, each field that differs (this home's value != the dump's). Changes nothing."
  static examples = ['<%= config.bin %> image replicate compare /mnt/usb/images', '<%= config.bin %> image replicate compare /mnt/usb/images -f csv']
  static flags = { ...listFlags }
  static outputColumns = REPLICA_HEAD

  async run() {
    const { args, flags } = await this.parse(ImageReplicateCompare)
    const { ReplicateApi } = await import('../../../core/images/replicate-api.js')
    const out = await new ReplicateApi(this.store).compare(args.dir)
    return this.printList(flags, out, () => ({ columns: REPLICA_HEAD, rows: out.map(replicaRow) }))
  }
}
