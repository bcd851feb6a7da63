import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { limitsFromFlags, quotaFlag, quotaFlags } from '../../cli/quota-flags.js'
import { UserError } from '../../core/errors.js'

export default class QuotaSet extends BaseCommand {
  static aliases = ['quota-update']
  static args = { project: Args.string({ description: "Project (default: yours); with --class, the quota class (only 'default')" }) }
  static description = "Set compute quotas of a project, or the defaults every project without its own gets (`--class default`). -1 is unlimited. A create that would exceed a quota is refused (a multi-create makes as many as fit, at least --min); a resize only if its growth fits."
  static examples = ['<%= config.bin %> quota set --instances 20 --cores 40 --ram 65536 admin', '<%= config.bin %> quota set --class default --instances 50', '<%= config.bin %> quota set --key-pairs -1 admin']
  static flags = {
    class: Flags.boolean({ description: "Set the default quota class (name it 'default') instead of a project." }),
    ...quotaFlags,
  }

  async run() {
    const { args, flags } = await this.parse(QuotaSet)
    const services = await this.services()
    if (flags.class && (args.project ?? 'default') !== 'default') throw new UserError(`No quota class ${JSON.stringify(args.project)}`, { hint: "The only quota class is 'default'." })
    const project = args.project ?? (await services.quotas.show()).project!
    const limits = await services.quotas.set(flags.class ? { defaults: true } : { project }, limitsFromFlags(flags))
    const view = Object.fromEntries(Object.entries(limits).map(([q, v]) => [quotaFlag(q as never), v]))
    this.show(() => `${flags.class ? 'Default quotas' : `Quotas of ${project}`}: ${Object.entries(view).map(([k, v]) => `${k}=${v}`).join(' ')}`)
    return { ...(flags.class ? { class: 'default' } : { project }), quotas: limits }
  }
}
