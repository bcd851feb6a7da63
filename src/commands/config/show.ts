import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { SCHEDULER_DEFAULTS } from '../../core/scheduler/config.js'

export default class ConfigShow extends BaseCommand {
  static description = "Show cloud-wide settings (nova.conf's [filter_scheduler] and [scheduler] options and allocation ratio defaults), marking the ones changed from Nova's defaults."
  static examples = ['<%= config.bin %> config show', '<%= config.bin %> config show -f csv']
  static flags = { ...listFlags }

  async run() {
    const { flags } = await this.parse(ConfigShow)
    const config = await (await this.services()).config.show()
    const rows = Object.entries(config).map(([k, v]) => {
      const changed = JSON.stringify(v) !== JSON.stringify(SCHEDULER_DEFAULTS[k as keyof typeof SCHEDULER_DEFAULTS])
      return [k, Array.isArray(v) ? v.join(',') : String(v), changed ? 'set' : 'default']
    })
    return this.printList(flags, config, () => ({ columns: ['Setting', 'Value', 'Source'], rows }))
  }
}
