import { Args } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'

export default class ResourceProviderTraitList extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = "List a resource provider's traits."
  static examples = ['<%= config.bin %> resource provider trait list kvm1']

  async run() {
    const { args } = await this.parse(ResourceProviderTraitList)
    const { traits } = await (await this.services()).placement.provider(args.provider)
    this.show(() => traits.join('\n'))
    return traits
  }
}
