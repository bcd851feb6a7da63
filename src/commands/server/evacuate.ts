import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'

export default class ServerEvacuate extends ServerActionCommand {
  static aliases = ['evacuate']
  static args = ServerActionCommand.args
  static description = [
    "Rebuild servers of a dead host on another host (Nova's evacuate). Their host's compute service must be down: found unreachable by `host refresh` or the power-state sync, or forced down with `compute service set HOST --down`.",
    "Disks live on each host, so the server boots afresh from its image: what was written to its old disk is not carried over. It keeps its ID, name, flavor, addresses and metadata; a stopped server stays stopped. When the dead host comes back, its copy of the server is removed before anything else runs there, so a guest never runs twice.",
  ].join('\n\n')
  static examples = ['<%= config.bin %> compute service set kvm1 --down', '<%= config.bin %> server evacuate vm1 vm2 --wait', '<%= config.bin %> server evacuate vm1 --host kvm3 --wait']
  static flags = {
    host: Flags.string({ description: 'The destination host (default: the scheduler picks; a named host is still checked by the scheduler).' }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = false

  async run() {
    const { argv, flags } = await this.parse(ServerEvacuate)
    return this.serverAction(argv, flags.wait, 'evacuate', (compute, refs) => compute.evacuateServers(refs, flags.host))
  }
}
