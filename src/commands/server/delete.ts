import { Args, Flags } from '@oclif/core'
import { startBackgroundConductor } from '../../cli/background.js'
import { BaseCommand } from '../../cli/base-command.js'
import { progressPrinter } from '../../cli/progress.js'
import { UserError } from '../../core/errors.js'

export default class ServerDelete extends BaseCommand {
  static aliases = ['delete']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = 'Delete a server: destroy its domain, remove its files and release its resources.'
  static examples = ['<%= config.bin %> server delete vm1 --wait']
  static flags = {
    wait: Flags.boolean({ description: 'Delete in this process and wait until it is done.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ServerDelete)
    const { server, task } = await (await this.services()).compute.deleteServer(args.server)
    if (!flags.wait) {
      startBackgroundConductor(this.config.root, this.store.home)
      this.log(`Deleting server ${server.name} (${server.id})`)
      return { id: server.id, name: server.name, status: 'deleting' }
    }
    const done = await (await this.services()).conductor(progressPrinter((line) => this.log(line))).complete(task.id)
    if (done.status === 'failed') throw new UserError(`Delete of ${server.name} failed: ${done.error}`, { hint: 'Fix the host and run the delete again.' })
    return { id: server.id, name: server.name, status: 'DELETED' }
  }
}
