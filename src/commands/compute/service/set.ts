import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { UserError } from '../../../core/errors.js'
import { serviceState } from '../../../core/model/compute-service.js'

export default class ComputeServiceSet extends BaseCommand {
  static aliases = ['service-enable', 'service-disable']
  static args = {
    host: Args.string({ description: 'Host name or ID', required: true }),
    service: Args.string({ description: 'The service: nova-compute (the only one homenova has)', default: 'nova-compute' }),
  }
  static description = "Enable or disable a host's compute service for scheduling, as openstack's compute service set does (the same as host set); its servers keep running. --down tells homenova a host is dead (Nova's forced_down), so its servers can be evacuated; --up ends that, and the next power-state sync (`host refresh` or `server list --refresh`...) checks the host and removes what was evacuated from it."
  static examples = [
    '<%= config.bin %> compute service set kvm1 nova-compute --disable --disable-reason "disk swap"',
    '<%= config.bin %> compute service set kvm1 nova-compute --enable',
    '<%= config.bin %> compute service set kvm1 --down',
    '<%= config.bin %> compute service set kvm1 --up',
  ]
  static flags = {
    disable: Flags.boolean({ description: 'Keep the scheduler from placing servers here.', exclusive: ['enable'] }),
    'disable-reason': Flags.string({ description: 'Why (shown by host show and in scheduler explanations).', dependsOn: ['disable'] }),
    enable: Flags.boolean({ description: 'Let the scheduler place servers here again.' }),
    down: Flags.boolean({ description: 'Force the service down: the host is dead, its servers may be evacuated (Nova\'s forced_down).', exclusive: ['up'] }),
    up: Flags.boolean({ description: 'Stop forcing it down; the next sync checks the host again.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ComputeServiceSet)
    if (args.service !== 'nova-compute') throw new UserError(`No service ${JSON.stringify(args.service)} on a homenova host`, { hint: 'homenova hosts run one service: nova-compute.' })
    if (!flags.enable && !flags.disable && !flags.down && !flags.up) throw new UserError('Say --enable, --disable, --down or --up')
    const hosts = (await this.services()).hosts
    let host = flags.enable || flags.disable ? await hosts.setEnabled(args.host, !flags.disable, flags['disable-reason']) : undefined
    if (flags.down || flags.up) host = await hosts.setForcedDown(args.host, flags.down)
    const result = { host: host!.name, binary: 'nova-compute', status: host!.enabled ? 'enabled' : 'disabled', disabled_reason: host!.disabledReason ?? null, forced_down: host!.forcedDown === true, state: serviceState(host!) }
    this.show(() => `${result.host} nova-compute: ${result.status}${result.disabled_reason ? ` (${result.disabled_reason})` : ''}, ${result.state}${result.forced_down ? ' (forced down)' : ''}`)
    return result
  }
}
