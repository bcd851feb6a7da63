import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { UserError } from '../../../core/errors.js'

export default class ComputeServiceSet extends BaseCommand {
  static aliases = ['service-enable', 'service-disable']
  static args = {
    host: Args.string({ description: 'Host name or ID', required: true }),
    service: Args.string({ description: 'The service: nova-compute (the only one homenova has)', default: 'nova-compute' }),
  }
  static description = "Enable or disable a host's compute service for scheduling, as openstack's compute service set does (the same as host set); its servers keep running."
  static examples = ['<%= config.bin %> compute service set kvm1 nova-compute --disable --disable-reason "disk swap"', '<%= config.bin %> compute service set kvm1 nova-compute --enable']
  static flags = {
    disable: Flags.boolean({ description: 'Keep the scheduler from placing servers here.', exclusive: ['enable'] }),
    'disable-reason': Flags.string({ description: 'Why (shown by host show and in scheduler explanations).', dependsOn: ['disable'] }),
    enable: Flags.boolean({ description: 'Let the scheduler place servers here again.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ComputeServiceSet)
    if (args.service !== 'nova-compute') throw new UserError(`No service ${JSON.stringify(args.service)} on a homenova host`, { hint: 'homenova hosts run one service: nova-compute.' })
    if (!flags.enable && !flags.disable) throw new UserError('Say --enable or --disable')
    const host = await (await this.services()).hosts.setEnabled(args.host, !flags.disable, flags['disable-reason'])
    const result = { host: host.name, binary: 'nova-compute', status: host.enabled ? 'enabled' : 'disabled', disabled_reason: host.disabledReason ?? null }
    this.show(() => `${result.host} nova-compute: ${result.status}${result.disabled_reason ? ` (${result.disabled_reason})` : ''}`)
    return result
  }
}
