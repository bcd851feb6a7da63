import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { hypervisorList, hypervisorView } from '../../cli/views-hypervisors.js'

export default class HypervisorList extends BaseCommand {
  static aliases = ['hypervisor-list']
  static description = "List hosts as openstack's `hypervisor list` does (ID, Hypervisor Hostname, Hypervisor Type, Host IP, State); `host list` shows homenova's own columns."
  static examples = ['<%= config.bin %> hypervisor list', '<%= config.bin %> hypervisor list --long', '<%= config.bin %> hypervisor list -f value -c "Hypervisor Hostname" --sort-column "vCPUs Used"']
  static flags = {
    ...listFlags,
    long: Flags.boolean({ description: "openstack's --long columns: vCPUs Used, vCPUs, Memory MB Used, Memory MB." }),
    matching: Flags.string({ description: 'Only hypervisors whose hostname contains this text.' }),
  }

  async run() {
    const { flags } = await this.parse(HypervisorList)
    const state = await this.store.read()
    const hosts = flags.matching === undefined ? state.hosts : state.hosts.filter((h) => h.name.includes(flags.matching!))
    const views = hosts.map((h) => hypervisorView(h, state))
    return this.printList(flags, views, () => hypervisorList(views, flags.long))
  }
}
