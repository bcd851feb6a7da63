import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'

export default class ResourceProviderTraitSet extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = "Replace a resource provider's traits with the given ones (as Placement does); keep the ones you want by listing them too."
  static examples = ['<%= config.bin %> resource provider trait set kvm1 --trait COMPUTE_NODE --trait CUSTOM_STORAGE_SSD']
  static flags = {
    trait: Flags.string({ description: 'A trait (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
  }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderTraitSet)
    const { traits } = await (await this.services()).placement.setTraits(args.provider, flags.trait)
    this.show(() => traits.join('\n'))
    return traits
  }
}
