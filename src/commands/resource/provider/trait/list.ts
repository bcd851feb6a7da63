import { Args } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'
import { listFlags } from '../../../../cli/output-flags.js'

export default class ResourceProviderTraitList extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = "List a resource provider's traits."
  static examples = ['<%= config.bin %> resource provider trait list kvm1', '<%= config.bin %> resource provider trait list kvm1 -f value']
  static flags = { ...listFlags }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderTraitList)
    const { traits } = await (await this.services()).placement.provider(args.provider)
    // openstack's one column, `name`.
    return this.printList(flags, traits, () => ({ columns: ['name'], rows: traits.map((t) => [t]) }))
  }
}
