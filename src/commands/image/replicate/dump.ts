import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { REPLICA_HEAD, replicaRow } from '../../../cli/views-replicate.js'

export default class ImageReplicateDump extends BaseCommand {
  static args = { dir: Args.string({ description: 'Directory to dump into (made if missing)', required: true }) }
  static description =
    "Dump every image of this home into a directory, as glance-replicator dump does: `<id>` holds the image's record (JSON: id, name, formats, size, hashes, min_disk, min_ram, visibility, protection, properties, times) and `<id>.img` its data (active images only; each file written under a temporary name first). `image replicate load` in another home registers them with the same ids."
  static examples = ['<%= config.bin %> image replicate dump /mnt/usb/images', 'HOMENOVA_HOME=~/other <%= config.bin %> image replicate load /mnt/usb/images']
  static flags = { ...listFlags }
  static outputColumns = REPLICA_HEAD

  async run() {
    const { args, flags } = await this.parse(ImageReplicateDump)
    const { ReplicateApi } = await import('../../../core/images/replicate-api.js')
    const out = await new ReplicateApi(this.store).dump(args.dir)
    return this.printList(flags, out, () => ({ columns: REPLICA_HEAD, rows: out.map(replicaRow) }))
  }
}
