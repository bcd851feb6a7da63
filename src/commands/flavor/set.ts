import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { keyValues } from '../../cli/key-values.js'
import { showFlags } from '../../cli/output-flags.js'
import { FLAVOR_FIELDS, flavorFields, flavorView } from '../../cli/views.js'

export default class FlavorSet extends BaseCommand {
  static args = { flavor: Args.string({ description: 'Flavor name or ID', required: true }) }
  static description = 'Set flavor properties. Extra specs: resources:CLASS=N, trait:NAME=required|forbidden, capabilities:..., aggregate_instance_extra_specs:...'
  static examples = ['<%= config.bin %> flavor set m1.small --property trait:CUSTOM_STORAGE_SSD=required']
  static flags = {
    ...showFlags,
    property: Flags.string({ description: 'KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }
  static outputColumns = FLAVOR_FIELDS

  async run() {
    const { args, flags } = await this.parse(FlavorSet)
    const view = flavorView(await (await this.services()).flavors.setProperties(args.flavor, keyValues('--property', flags.property)))
    return this.printShow(flags, view, () => flavorFields(view))
  }
}
