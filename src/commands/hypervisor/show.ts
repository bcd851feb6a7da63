import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { hypervisorFields, hypervisorView } from '../../cli/views-hypervisors.js'
import { findOne } from '../../core/model/names.js'

export default class HypervisorShow extends BaseCommand {
  static aliases = ['hypervisor-show']
  static args = { hypervisor: Args.string({ description: 'Host name or ID', required: true }) }
  static description = "Show one host in the fields of Nova's hypervisor API (vcpus, vcpus_used, memory_mb, free_ram_mb, running_vms, ...), as openstack's `hypervisor show`; used is what servers have allocated."
  static examples = ['<%= config.bin %> hypervisor show kvm1', '<%= config.bin %> hypervisor show kvm1 -f value -c vcpus_used']
  static flags = { ...showFlags }

  async run() {
    const { args, flags } = await this.parse(HypervisorShow)
    const state = await this.store.read()
    const view = hypervisorView(findOne('hypervisor', state.hosts, args.hypervisor), state)
    return this.printShow(flags, view, () => hypervisorFields(view))
  }
}
