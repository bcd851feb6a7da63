import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { Formatted } from '../../cli/output.js'
import { showFlags } from '../../cli/output-flags.js'
import { hostView } from '../../cli/views.js'
import { findOne } from '../../core/model/names.js'

export default class HostShow extends BaseCommand {
  static aliases = ['hypervisor-show', 'hypervisor:show']
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Show one host: connection, inventory (total, reserved, allocation ratio, capacity, used) and probed facts.'
  static examples = ['<%= config.bin %> host show kvm1', '<%= config.bin %> host show kvm1 -f value -c status']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(HostShow)
    const state = await this.store.read()
    const view = hostView(findOne('host', state.hosts, args.host), state)
    const resources = Object.entries(view.resources).map(([rc, inv]) => `${rc}: total ${inv.total}, reserved ${inv.reserved}, ratio ${inv.allocationRatio}, capacity ${inv.capacity}, used ${inv.used}`)
    const facts = Object.entries(view.facts).map(([k, v]) => `${k}=${v}`)
    return this.printShow(flags, view, () => ({ ...view, resources: new Formatted(resources.join('\n'), view.resources), facts: new Formatted(facts.join(', '), view.facts) }))
  }
}
