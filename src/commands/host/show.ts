import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { fieldTable } from '../../cli/table.js'
import { hostView } from '../../cli/views.js'
import { findOne } from '../../core/model/names.js'

export default class HostShow extends BaseCommand {
  static aliases = ['hypervisor-show', 'hypervisor:show']
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Show one host: connection, inventory (total, reserved, allocation ratio, capacity, used) and probed facts.'
  static examples = ['<%= config.bin %> host show kvm1']

  async run() {
    const { args } = await this.parse(HostShow)
    const state = await this.store.read()
    const view = hostView(findOne('host', state.hosts, args.host), state)
    this.show(() => fieldTable({ ...view, resources: undefined, facts: undefined }))
    for (const [rc, inv] of Object.entries(view.resources)) {
      this.log(`${rc}: total ${inv.total}, reserved ${inv.reserved}, ratio ${inv.allocationRatio}, capacity ${inv.capacity}, used ${inv.used}`)
    }
    this.log(`facts: ${Object.entries(view.facts).map(([k, v]) => `${k}=${v}`).join(', ')}`)
    return view
  }
}
