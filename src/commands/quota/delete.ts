import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class QuotaDelete extends BaseCommand {
  static aliases = ['quota-delete']
  static args = { project: Args.string({ description: 'Project', required: true }) }
  static description = "Put a project back on the default quotas (its own limits are forgotten); its servers are untouched."
  static examples = ['<%= config.bin %> quota delete admin']

  async run() {
    const { args } = await this.parse(QuotaDelete)
    await (await this.services()).quotas.reset(args.project)
    this.show(() => `Project ${args.project} uses the default quotas again`)
    return { project: args.project }
  }
}
