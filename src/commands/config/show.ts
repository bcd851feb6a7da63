import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { maskSecrets } from '../../core/api/config-api.js'
import { SCHEDULER_DEFAULTS } from '../../core/scheduler/config.js'

export default class ConfigShow extends BaseCommand {
  static description = "Show cloud-wide settings (nova.conf's [filter_scheduler] and [scheduler] options and allocation ratio defaults), marking the ones changed from Nova's defaults. Secrets (metadata_proxy_shared_secret) show as *** when set, also with --json and -f; --reveal shows them in clear, e.g. to configure the metadata proxy that signs with the same key."
  static examples = [
    '<%= config.bin %> config show',
    '<%= config.bin %> config show -f csv',
    '<%= config.bin %> config show --reveal -f value -c Value --sort-column Setting',
  ]
  static flags = {
    ...listFlags,
    reveal: Flags.boolean({ description: 'Show secret settings (metadata_proxy_shared_secret) in clear instead of ***.' }),
  }

  async run() {
    const { flags } = await this.parse(ConfigShow)
    const stored = await (await this.services()).config.show()
    const config = flags.reveal ? stored : maskSecrets(stored)
    const rows = Object.entries(config).map(([k, v]) => {
      const key = k as keyof typeof SCHEDULER_DEFAULTS
      const changed = JSON.stringify(stored[key]) !== JSON.stringify(SCHEDULER_DEFAULTS[key])
      return [k, Array.isArray(v) ? v.join(',') : String(v), changed ? 'set' : 'default']
    })
    return this.printList(flags, config, () => ({ columns: ['Setting', 'Value', 'Source'], rows }))
  }
}
