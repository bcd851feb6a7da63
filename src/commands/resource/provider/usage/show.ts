import { Args } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'
import { listFlags } from '../../../../cli/output-flags.js'

export default class ResourceProviderUsageShow extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = 'Show what is allocated on a resource provider, per resource class.'
  static examples = ['<%= config.bin %> resource provider usage show kvm1', '<%= config.bin %> resource provider usage show kvm1 -f csv']
  static flags = { ...listFlags }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderUsageShow)
    const usage = await (await this.services()).placement.usage(args.provider)
    // A list, as openstack's (a row per resource class).
    return this.printList(flags, usage, () => ({ columns: ['Resource Class', 'Usage'], rows: Object.entries(usage) }))
  }
}
