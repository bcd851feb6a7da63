import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { homenovaHome } from '../core/paths.js'
import { openDashboard, VIEW_NAMES } from '../tui/open.js'
import type { ViewName } from '../tui/views/view.js'

export default class Dashboard extends BaseCommand {
  static aliases = ['dash']
  static description =
    'Open the dashboard: the servers, hosts, flavors, images, keypairs, tasks and events of the home, live; act on servers, follow their console log, attach to their serial console. Tasks queued by anyone run while it is open. Press ? inside for the keys.'
  static enableJsonFlag = false
  static examples = ['<%= config.bin %> dashboard', '<%= config.bin %> dashboard --view hosts', 'HOMENOVA_HOME=./lab <%= config.bin %> dashboard']
  static flags = {
    view: Flags.string({ description: 'The view to open on.', options: [...VIEW_NAMES], default: 'servers' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard)
    await openDashboard(this.config.root, homenovaHome(), flags.view as ViewName)
  }
}
