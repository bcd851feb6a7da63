import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { KEYPAIR_HEAD, keypairRow, keypairView } from '../../cli/views-keypairs.js'

export default class KeypairList extends BaseCommand {
  static aliases = ['keypair-list']
  static description = 'List your keypairs.'
  static examples = ['<%= config.bin %> keypair list', '<%= config.bin %> keypair list -f value -c Name']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(KeypairList)
    const keypairs = await (await this.services()).keypairs.list()
    return this.printList(flags, keypairs.map(keypairView), () => ({ columns: KEYPAIR_HEAD, rows: keypairs.map(keypairRow) }))
  }
}
