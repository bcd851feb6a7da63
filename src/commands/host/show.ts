import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { hostFields, hostView } from '../../cli/views.js'
import { findOne } from '../../core/model/names.js'

export default class HostShow extends BaseCommand {
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Show one host: connection, inventory (total, reserved, allocation ratio, capacity, used) and probed facts.'
  static examples = ['<%= config.bin %> host show kvm1', '<%= config.bin %> host show kvm1 -f value -c status']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(HostShow)
    const state = await this.store.read()
    const view = hostView(findOne('host', state.hosts, args.host), state)
    return this.printShow(flags, view, () => hostFields(view))
  }
}
