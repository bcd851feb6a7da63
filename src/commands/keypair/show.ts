import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { keypairFields, keypairView } from '../../cli/views-keypairs.js'

export default class KeypairShow extends BaseCommand {
  static aliases = ['keypair-show']
  static args = { name: Args.string({ description: 'Keypair name', required: true }) }
  static description = 'Show one keypair; with --public-key, print only its public key (to put in authorized_keys).'
  static examples = ['<%= config.bin %> keypair show mykey', '<%= config.bin %> keypair show mykey --public-key >> ~/.ssh/authorized_keys']
  static flags = {
    ...showFlags,
    'public-key': Flags.boolean({ description: 'Print only the public key.' }),
  }

  async run() {
    const { args, flags } = await this.parse(KeypairShow)
    const view = keypairView(await (await this.services()).keypairs.show(args.name))
    if (!flags['public-key']) return this.printShow(flags, view, () => keypairFields(view))
    this.show(() => view.public_key)
    return view
  }
}
