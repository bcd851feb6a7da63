import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { ServerActionCommand } from '../../cli/server-action-command.js'
import { finishAction } from '../../cli/server-action.js'

export default class HostEvacuate extends BaseCommand {
  static aliases = ['host-evacuate']
  static args = { host: Args.string({ description: 'The dead host (name or ID)', required: true }) }
  static description = "Evacuate every server of a dead host (novaclient's host-evacuate): each is rebuilt on another host as `server evacuate` does, and each is reported accepted or refused on its own."
  static examples = ['<%= config.bin %> compute service set kvm1 --down', '<%= config.bin %> host evacuate kvm1 --wait', '<%= config.bin %> host evacuate kvm1 --target-host kvm3']
  static flags = {
    'target-host': Flags.string({ description: 'Send them all to this host (default: the scheduler picks per server).' }),
    wait: ServerActionCommand.waitFlag,
  }

  async run() {
    const { args, flags } = await this.parse(HostEvacuate)
    const services = await this.services()
    const accepted = await services.compute.evacuateHost(args.host, flags['target-host'])
    if (accepted.results.length === 0) this.logToStderr(`No server to evacuate on ${args.host}`)
    return finishAction(services, accepted, { wait: flags.wait, verb: 'evacuate' }, { log: (l) => this.log(l), warn: (l) => this.logToStderr(l), json: this.jsonEnabled() })
  }
}
