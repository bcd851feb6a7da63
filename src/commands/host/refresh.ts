import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { hostView } from '../../cli/views.js'

export default class HostRefresh extends BaseCommand {
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description =
    "Probe a host again: CPU, memory, disk, hypervisor and discovered traits. Reserved amounts, allocation ratios and operator-set traits are kept. A host that does not answer is marked down."
  static examples = ['<%= config.bin %> host refresh kvm1']

  async run() {
    const { args } = await this.parse(HostRefresh)
    const host = await (await this.services()).hosts.refresh(args.host)
    const view = hostView(host, await this.store.read())
    this.show(() => fieldTable({ ...view, resources: undefined, facts: undefined, traits: host.traits.join(', ') }))
    return view
  }
}
