import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { HOST_SET_FIELDS, hostView } from '../../cli/views.js'
import { UserError } from '../../core/errors.js'

export default class HostSet extends BaseCommand {
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = "Enable or disable a host for scheduling (Nova's compute service set); its servers keep running. --graphics chooses the display new domains on it get: vnc (default) or spice."
  static examples = ['<%= config.bin %> host set kvm1 --disable --disable-reason maintenance', '<%= config.bin %> host set kvm1 --enable', '<%= config.bin %> host set kvm1 --graphics spice']
  static flags = {
    ...showFlags,
    disable: Flags.boolean({ description: 'Keep the scheduler from placing servers here.', exclusive: ['enable'] }),
    'disable-reason': Flags.string({ description: 'Why (shown by host show and in scheduler explanations).', dependsOn: ['disable'] }),
    enable: Flags.boolean({ description: 'Let the scheduler place servers here again.' }),
    graphics: Flags.option({ description: "Display of domains defined from now on (builds, rebuilds, moves): vnc for noVNC, spice for spice-html5 (`console url show --type`).", options: ['vnc', 'spice'] as const })(),
  }
  static outputColumns = HOST_SET_FIELDS

  async run() {
    const { args, flags } = await this.parse(HostSet)
    if (!flags.enable && !flags.disable && !flags.graphics) throw new UserError('Say --enable, --disable or --graphics')
    const { hosts } = await this.services()
    if (flags.graphics) await hosts.setGraphics(args.host, flags.graphics)
    const host = flags.enable || flags.disable ? await hosts.setEnabled(args.host, !flags.disable, flags['disable-reason']) : await hosts.show(args.host)
    const view = hostView(host, await this.store.read())
    return this.printShow(flags, view, () => ({ ...view, resources: undefined, facts: undefined }))
  }
}
