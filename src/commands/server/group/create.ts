import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { keyValues } from '../../../cli/key-values.js'
import { showFlags } from '../../../cli/output-flags.js'
import { SERVER_GROUP_FIELDS, serverGroupView } from '../../../cli/views-placement.js'

export default class ServerGroupCreate extends BaseCommand {
  static aliases = ['server-group-create']
  static args = { name: Args.string({ description: 'Server group name', required: true }) }
  static description = 'Create a server group: members are kept on one host (affinity) or on different hosts (anti-affinity), strictly or as a preference (soft-*).'
  static examples = ['<%= config.bin %> server group create web --policy anti-affinity', '<%= config.bin %> server group create web --policy anti-affinity --rule max_server_per_host=2']
  static flags = {
    ...showFlags,
    policy: Flags.string({ description: 'Placement policy.', options: ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'], required: true }),
    rule: Flags.string({ description: 'A rule KEY=VALUE: max_server_per_host=N (anti-affinity only).', multiple: true, multipleNonGreedy: true, default: [] }),
  }
  static outputColumns = SERVER_GROUP_FIELDS

  async run() {
    const { args, flags } = await this.parse(ServerGroupCreate)
    const group = await (await this.services()).serverGroups.create(args.name, flags.policy, keyValues('--rule', flags.rule))
    const view = serverGroupView(group, await this.store.read())
    return this.printShow(flags, view, () => view)
  }
}
