import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { maskSecrets } from '../../core/api/config-api.js'

export default class ConfigSet extends BaseCommand {
  static args = {
    key: Args.string({ description: 'Setting name, as in nova.conf (e.g. enabled_filters, ram_weight_multiplier)', required: true }),
    value: Args.string({ description: 'Value; lists are comma-separated', required: true }),
  }
  static description = 'Change a cloud-wide setting. Lists are comma-separated; filter and weigher names are checked.'
  static examples = [
    '<%= config.bin %> config set enabled_filters ComputeFilter,AvailabilityZoneFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter',
    '<%= config.bin %> config set ram_weight_multiplier -1.0',
  ]

  async run() {
    const { args } = await this.parse(ConfigSet)
    // A secret is not echoed back (it would land in shell logs and scrollback); config show --reveal shows it.
    const config = maskSecrets(await (await this.services()).config.set(args.key, args.value))
    const value = config[args.key as keyof typeof config]
    this.log(`${args.key} = ${Array.isArray(value) ? value.join(',') : value}`)
    return { [args.key]: value }
  }
}
