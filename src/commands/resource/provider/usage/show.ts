import { Args } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'
import { table } from '../../../../cli/table.js'

export default class ResourceProviderUsageShow extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = 'Show what is allocated on a resource provider, per resource class.'
  static examples = ['<%= config.bin %> resource provider usage show kvm1']

  async run() {
    const { args } = await this.parse(ResourceProviderUsageShow)
    const usage = await (await this.services()).placement.usage(args.provider)
    this.show(() => table(['Resource Class', 'Usage'], Object.entries(usage)))
    return usage
  }
}
