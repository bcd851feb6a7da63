import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { REPLICA_HEAD, replicaRow } from '../../../cli/views-replicate.js'

export default class ImageReplicateLoad extends BaseCommand {
  static args = { dir: Args.string({ description: 'Directory `image replicate dump` wrote', required: true }) }
  static description =
    "Load the images of a dump directory into this home, as glance-replicator load does: each keeps its id, name and metadata; its data is checked against the recorded size, sha256 and md5 and inspected as an upload is. An image already here with the same id and checksum is skipped; one with the same id and other data is reported as a conflict and left as it is (exit 1). A load that fails registers nothing."
  static examples = ['<%= config.bin %> image replicate load /mnt/usb/images', '<%= config.bin %> image replicate load /mnt/usb/images -f value -c Name -c Action']
  static flags = { ...listFlags }
  static outputColumns = REPLICA_HEAD

  async run() {
    const { args, flags } = await this.parse(ImageReplicateLoad)
    const { ReplicateApi } = await import('../../../core/images/replicate-api.js')
    const out = await new ReplicateApi(this.store).load(args.dir)
    const conflicts = out.filter((o) => o.action === 'conflict')
    for (const c of conflicts) this.logToStderr(`Conflict: image ${c.id} (${c.name}): ${c.detail}`)
    if (conflicts.length > 0) process.exitCode = 1
    return this.printList(flags, out, () => ({ columns: REPLICA_HEAD, rows: out.map(replicaRow) }))
  }
}
