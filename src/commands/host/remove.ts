import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class HostRemove extends BaseCommand {
  static args = { host: Args.string({ description: 'Host name or ID', required: true }) }
  static description = 'Remove a host that runs no servers. Its key stays in known_hosts.'
  static examples = ['<%= config.bin %> host remove kvm1']

  async run() {
    const { args } = await this.parse(HostRemove)
    const host = await (await this.services()).hosts.remove(args.host)
    this.log(`Removed host ${host.name}`)
    return { id: host.id, name: host.name, removed: true }
  }
}
