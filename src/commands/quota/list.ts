import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { quotaFlag } from '../../cli/quota-flags.js'
import { QUOTA_NAMES } from '../../core/model/quotas.js'

export default class QuotaList extends BaseCommand {
  static description = 'List the projects that have quotas of their own (the others use the defaults: quota show --default).'
  static examples = ['<%= config.bin %> quota list', '<%= config.bin %> quota list -f csv']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(QuotaList)
    const projects = await (await this.services()).quotas.list()
    return this.printList(flags, projects, () => ({
      columns: ['Project', ...QUOTA_NAMES.map(quotaFlag)],
      rows: projects.map((p) => [p.project, ...QUOTA_NAMES.map((q) => p.limits[q])]),
    }))
  }
}
