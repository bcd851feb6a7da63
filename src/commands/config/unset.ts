import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ConfigUnset extends BaseCommand {
  static args = { key: Args.string({ description: 'Setting name', required: true }) }
  static description = "Return a setting to Nova's default."
  static examples = ['<%= config.bin %> config unset ram_weight_multiplier']

  async run() {
    const { args } = await this.parse(ConfigUnset)
    const config = await (await this.services()).config.unset(args.key)
    const value = config[args.key as keyof typeof config]
    this.log(`${args.key} = ${Array.isArray(value) ? value.join(',') : value} (default)`)
    return { [args.key]: value }
  }
}
