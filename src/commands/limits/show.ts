import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'

export default class LimitsShow extends BaseCommand {
  static aliases = ['absolute-limits']
  static description = "Show your project's absolute limits and what it uses, by Nova's names (openstack limits show --absolute; novaclient's limits). -1 is unlimited."
  static examples = ['<%= config.bin %> limits show --absolute', '<%= config.bin %> limits show --absolute -f value -c Value']
  static flags = {
    absolute: Flags.boolean({ description: 'The absolute limits (the only kind homenova has; accepted for openstack scripts).' }),
    ...listFlags,
  }

  async run() {
    const { flags } = await this.parse(LimitsShow)
    const limits = await (await this.services()).quotas.absolute()
    return this.printList(flags, limits, () => ({ columns: ['Name', 'Value'], rows: limits.map((l) => [l.name, l.value]) }))
  }
}
