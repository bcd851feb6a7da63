import { Args } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'

export default class ServerGroupDelete extends BaseCommand {
  static aliases = ['server-group-delete']
  static args = { group: Args.string({ description: 'Server group name or ID', required: true }) }
  static description = 'Delete a server group (its servers stay).'
  static examples = ['<%= config.bin %> server group delete web']

  async run() {
    const { args } = await this.parse(ServerGroupDelete)
    const group = await (await this.services()).serverGroups.delete(args.group)
    this.log(`Deleted server group ${group.name}`)
    return { id: group.id, name: group.name, deleted: true }
  }
}
