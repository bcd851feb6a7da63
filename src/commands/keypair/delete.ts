import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class KeypairDelete extends BaseCommand {
  static aliases = ['keypair-delete']
  static args = { name: Args.string({ description: 'Keypair name (several may be given)', required: true }) }
  static description = 'Delete keypairs, all or none: an unknown name deletes nothing. Servers keep the key they were given.'
  static examples = ['<%= config.bin %> keypair delete mykey', '<%= config.bin %> keypair delete old-laptop old-desktop']
  static strict = false

  async run() {
    const { argv } = await this.parse(KeypairDelete)
    const deleted = await (await this.services()).keypairs.delete(argv.map(String))
    this.show(() => deleted.map((k) => `Deleted keypair ${k.name}`).join('\n'))
    return deleted.map((k) => ({ name: k.name, deleted: true }))
  }
}
