import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { NETWORK_HEAD, networkRow, networkView } from '../../cli/views-networks.js'

export default class NetworkList extends BaseCommand {
  static aliases = ['network-list', 'net-list']
  static description = `List the networks servers can attach to: user (QEMU user-mode networking, on every host), Linux bridges and libvirt networks, as each host's last probe found them (\`host refresh\` probes again).`
  static examples = ['<%= config.bin %> network list', '<%= config.bin %> network list --host kvm1 -f value -c Name']
  static flags = {
    ...listFlags,
    host: Flags.string({ description: 'Only the networks of this host.' }),
  }

  async run() {
    const { flags } = await this.parse(NetworkList)
    const views = (await (await this.services()).networks.list({ host: flags.host })).map(networkView)
    return this.printList(flags, views, () => ({ columns: NETWORK_HEAD, rows: views.map(networkRow) }))
  }
}
