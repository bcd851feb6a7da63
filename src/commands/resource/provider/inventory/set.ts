import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../../cli/base-command.js'
import { table } from '../../../../cli/table.js'
import { providerView } from '../../../../cli/views-placement.js'
import { UserError } from '../../../../core/errors.js'

export default class ResourceProviderInventorySet extends BaseCommand {
  static args = { provider: Args.string({ description: 'Resource provider (host) name or UUID', required: true }) }
  static description = 'Change inventory fields: --resource CLASS=TOTAL or --resource CLASS:FIELD=VALUE, FIELD one of total, reserved, min_unit, max_unit, step_size, allocation_ratio. Refused if capacity would fall below what is allocated.'
  static examples = ['<%= config.bin %> resource provider inventory set kvm1 --resource VCPU:allocation_ratio=4.0 --resource MEMORY_MB:reserved=2048']
  static flags = {
    resource: Flags.string({ description: 'CLASS=TOTAL or CLASS:FIELD=VALUE (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { args, flags } = await this.parse(ResourceProviderInventorySet)
    const byClass = new Map<string, Record<string, string>>()
    for (const item of flags.resource) {
      const m = /^([A-Z_]+)(?::([a-z_]+))?=(.+)$/.exec(item)
      if (!m) throw new UserError(`--resource ${JSON.stringify(item)} is not CLASS=TOTAL or CLASS:FIELD=VALUE`, { hint: 'e.g. --resource VCPU:allocation_ratio=4.0' })
      const [, rc, field = 'total', value] = m
      byClass.set(rc, { ...byClass.get(rc), [field]: value })
    }
    let host = await (await this.services()).placement.provider(args.provider)
    for (const [rc, fields] of byClass) host = await (await this.services()).placement.setInventory(host.id, rc, fields)
    const view = providerView(host, await this.store.read())
    this.show(() => table(['Resource Class', 'Total', 'Reserved', 'Min Unit', 'Max Unit', 'Step Size', 'Allocation Ratio', 'Capacity', 'Used'], Object.entries(view.inventories).map(([rc, i]) => [rc, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size, i.allocation_ratio, i.capacity, i.used])))
    return view.inventories
  }
}
