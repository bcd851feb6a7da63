import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { FLAVOR_FIELDS, flavorFields, flavorView } from '../../cli/views.js'

export default class FlavorCreate extends BaseCommand {
  static args = { name: Args.string({ description: 'Flavor name', required: true }) }
  static description = 'Create a flavor.'
  static examples = ['<%= config.bin %> flavor create m1.micro --vcpus 1 --ram 256 --disk 1', '<%= config.bin %> flavor create m1.micro --vcpus 1 --ram 256 -f value -c id']
  static flags = {
    ...showFlags,
    disk: Flags.integer({ description: 'Root disk size in GB (0: the image size).', default: 0, min: 0 }),
    ephemeral: Flags.integer({ description: 'Ephemeral disk size in GB.', default: 0, min: 0 }),
    id: Flags.string({ description: 'Flavor ID (default: a new UUID).' }),
    private: Flags.boolean({ description: 'Make the flavor private.' }),
    ram: Flags.integer({ description: 'Memory in MB.', required: true, min: 1 }),
    swap: Flags.integer({ description: 'Swap size in MB.', default: 0, min: 0 }),
    vcpus: Flags.integer({ description: 'Number of vCPUs.', required: true, min: 1 }),
  }
  static outputColumns = FLAVOR_FIELDS

  async run() {
    const { args, flags } = await this.parse(FlavorCreate)
    const flavor = await (await this.services()).flavors.create({
      name: args.name,
      id: flags.id,
      vcpus: flags.vcpus,
      ramMb: flags.ram,
      diskGb: flags.disk,
      ephemeralGb: flags.ephemeral,
      swapMb: flags.swap,
      isPublic: !flags.private,
    })
    const view = flavorView(flavor)
    return this.printShow(flags, view, () => flavorFields(view))
  }
}
