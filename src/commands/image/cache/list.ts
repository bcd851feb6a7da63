import { Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { listFlags } from '../../../cli/output-flags.js'
import { CACHE_HEAD, cacheRow } from '../../../cli/views-image-cache.js'

export default class ImageCacheList extends BaseCommand {
  static description =
    "List the image cache of every host (or one): the base files under `<instances dir>/_base`, the image each caches (\"(deleted)\" once the image is gone from the registry), their size, the servers that use them (a server's disk backed by the base, its kernel, ramdisk or rescue image, a shelved server's snapshot), and when each was last seen in use, as Nova's image cache manager keeps them. `image cache prune` removes the unused ones."
  static examples = [
    '<%= config.bin %> image cache list',
    '<%= config.bin %> image cache list --host node1',
    '<%= config.bin %> image cache list -f value -c "Base File" -c Users',
  ]
  static flags = {
    ...listFlags,
    host: Flags.string({ description: 'Only this host (name or ID).' }),
  }

  async run() {
    const { flags } = await this.parse(ImageCacheList)
    const services = await this.services()
    const { ImageCacheApi } = await import('../../../core/images/cache-api.js')
    const { entries, errors } = await new ImageCacheApi(services.store, services.drivers).list(flags.host)
    for (const e of errors) this.logToStderr(`Warning: cannot read the image cache of ${e.host}: ${e.error}`)
    return this.printList(flags, entries, () => ({ columns: CACHE_HEAD, rows: entries.map(cacheRow) }))
  }
}
