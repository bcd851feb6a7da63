import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { quotaFlag } from '../../cli/quota-flags.js'

export default class QuotaShow extends BaseCommand {
  static aliases = ['quota-show']
  static args = { project: Args.string({ description: 'Project (default: yours)' }) }
  static description = "Show a project's compute quotas, with what it uses now (Nova's os-quota-sets). -1 is unlimited. Limits not set for the project come from the defaults (--default shows them)."
  static examples = ['<%= config.bin %> quota show', '<%= config.bin %> quota show --default', '<%= config.bin %> quota show admin -f value -c Resource -c Limit']
  static flags = {
    default: Flags.boolean({ description: 'Show the default quotas (the default quota class) instead.' }),
    ...listFlags,
  }

  async run() {
    const { args, flags } = await this.parse(QuotaShow)
    const shown = await (await this.services()).quotas.show(args.project, { defaults: flags.default })
    return this.printList(flags, shown, () => ({
      columns: ['Resource', 'Limit', 'In Use'],
      rows: shown.quotas.map((q) => [quotaFlag(q.resource), q.limit, q.in_use ?? '']),
    }))
  }
}
