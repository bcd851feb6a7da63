import { BaseCommand } from '../../cli/base-command.js'
import { table } from '../../cli/table.js'
import { KEYPAIR_HEAD, keypairRow, keypairView } from '../../cli/views-keypairs.js'

export default class KeypairList extends BaseCommand {
  static aliases = ['keypair-list']
  static description = 'List your keypairs.'
  static examples = ['<%= config.bin %> keypair list']

  async run() {
    await this.parse(KeypairList)
    const keypairs = await (await this.services()).keypairs.list()
    this.show(() => table(KEYPAIR_HEAD, keypairs.map(keypairRow)))
    return keypairs.map(keypairView)
  }
}
