import { Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { PRUNE_HEAD, pruneRow } from '../../../cli/views-image-cache.js'

export default class ImageCachePrune extends BaseCommand {
  static description =
    "Run the image cache pass now, as Nova's image cache manager does and as the conductor does every time it syncs a host's power states: cached bases in use are marked used now; unused bases not used for remove_unused_original_minimum_age_seconds (default 86400, `homenova config set`) are removed. A base still read by a server's disk (also of a server whose image was deleted, a rescue disk or a disk kept by an unconfirmed resize), or needed by a server's image, kernel, ramdisk, rescue image or a shelved server's snapshot, is never removed. Exits 1 if a host could not be asked."
  static examples = [
    '<%= config.bin %> image cache prune --dry-run',
    '<%= config.bin %> image cache prune --host node1',
    '<%= config.bin %> config set remove_unused_original_minimum_age_seconds 3600',
  ]
  static flags = {
    ...listFlags,
    'dry-run': Flags.boolean({ description: 'Only say what would be removed; touch and remove nothing.' }),
    host: Flags.string({ description: 'Only this host (name or ID).' }),
  }
  static outputColumns = PRUNE_HEAD

  async run() {
    const { flags } = await this.parse(ImageCachePrune)
    const services = await this.services()
    const { ImageCacheApi } = await import('../../../core/images/cache-api.js')
    const report = await new ImageCacheApi(services.store, services.drivers).prune({ ...(flags.host ? { hostRef: flags.host } : {}), dryRun: flags['dry-run'] })
    for (const e of report.errors) this.logToStderr(`Warning: cannot prune the image cache of ${e.host}: ${e.error}`)
    if (report.errors.length > 0) process.exitCode = 1
    return this.printList(flags, report, () => ({ columns: PRUNE_HEAD, rows: report.entries.map(pruneRow) }))
  }
}
