import { Args, Flags } from '@oclif/core'
import { startBackgroundConductor } from '../../cli/background.js'
import { BaseCommand } from '../../cli/base-command.js'
import { progressPrinter } from '../../cli/progress.js'
import { fieldTable } from '../../cli/table.js'
import { serverFields, serverView } from '../../cli/views.js'
import { UserError } from '../../core/errors.js'

export default class ServerCreate extends BaseCommand {
  static aliases = ['boot']
  static args = { name: Args.string({ description: 'Server name', required: true }) }
  static description =
    'Create a server. It is recorded in BUILD at once and built by a conductor: with --wait by this command (printing progress, exit 1 if the build fails), otherwise by a background conductor.'
  static examples = ['<%= config.bin %> server create vm1 --flavor m1.tiny --image tiny --wait', '<%= config.bin %> boot vm1 --flavor m1.tiny --image tiny']
  static flags = {
    flavor: Flags.string({ description: 'Flavor name or ID.', required: true }),
    image: Flags.string({ description: 'Image name or ID.', required: true }),
    wait: Flags.boolean({ description: 'Build in this process and wait until the server is ACTIVE or ERROR.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ServerCreate)
    const { compute, store } = this.services
    const { server, task } = await compute.createServer({ name: args.name, flavor: flags.flavor, image: flags.image })
    if (!flags.wait) {
      startBackgroundConductor(this.config.root, store.home)
      const view = serverView(server, await store.read())
      this.show(() => fieldTable(serverFields(view)))
      return view
    }
    this.log(`Building ${server.name} (${server.id})`)
    await this.services.conductor(progressPrinter((line) => this.log(line))).complete(task.id)
    const state = await store.read()
    const view = serverView(state.servers.find((s) => s.id === server.id)!, state)
    if (view.status === 'ERROR') {
      throw new UserError(`Server ${view.name} is in ERROR: ${view.fault?.message}${view.fault?.details ? ` ${view.fault.details}` : ''}`, {
        hint: 'See `homenova server show` for the fault; delete the server and try again once the cause is fixed.',
      })
    }
    this.show(() => fieldTable(serverFields(view)))
    return view
  }
}
