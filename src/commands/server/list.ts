import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { listFlags } from '../../cli/output-flags.js'
import { serverView } from '../../cli/views.js'
import { serverList } from '../../cli/views-server-list.js'
import { filterServers } from '../../core/api/server-filters.js'
import { newestFirst, visibleServers } from '../../core/model/servers.js'

export default class ServerList extends BaseCommand {
  static aliases = ['list']
  static description = 'List servers, newest first as Nova lists them (deleted ones are hidden), optionally filtered.'
  static examples = ['<%= config.bin %> server list', '<%= config.bin %> server list --status SHUTOFF --host kvm1', '<%= config.bin %> server list --name "^web-"', '<%= config.bin %> server list --refresh', '<%= config.bin %> server list --long', '<%= config.bin %> server list -f value -c ID -c Status --sort-column Name', '<%= config.bin %> list --json']
  static flags = {
    ...listFlags,
    flavor: Flags.string({ description: 'Only servers of this flavor (name or ID).' }),
    host: Flags.string({ description: 'Only servers on this host.' }),
    image: Flags.string({ description: 'Only servers booted from this image (name or ID).' }),
    limit: Flags.integer({ description: 'At most this many servers, the newest, before --sort-column sorts them (-1: all, as openstack takes it).', min: -1 }),
    long: Flags.boolean({ description: "openstack's --long columns: Task State, Power State, image and flavor names and IDs, Availability Zone, Host, Properties." }),
    name: Flags.string({ description: 'Only servers whose name matches this regular expression.' }),
    refresh: Flags.boolean({ description: "Read every host's domains first (one call per host): a guest that shut itself down shows SHUTOFF, a vanished one ERROR, an unreachable host goes down." }),
    status: Flags.string({ description: 'Only servers with this status (ACTIVE, SHUTOFF, ERROR, ...).' }),
  }

  async run() {
    const { flags } = await this.parse(ServerList)
    if (flags.refresh) {
      const report = await (await this.services()).compute.refreshPowerStates()
      for (const h of report.hosts.filter((x) => x.status === 'down')) this.logToStderr(`Warning: host ${h.name} is down: ${h.error}`)
      for (const c of report.changed) this.logToStderr(`${c.server}: ${c.from} -> ${c.to} (${c.reason})`)
      for (const e of report.evacuated ?? []) this.logToStderr(e.error ? `Warning: could not remove evacuated ${e.server} from ${e.host} yet: ${e.error}` : `${e.host}: removed the copy of evacuated server ${e.server}`)
    }
    const state = await this.store.read()
    const servers = newestFirst(filterServers(state, visibleServers(state), flags))
    const views = (flags.limit === undefined || flags.limit < 0 ? servers : servers.slice(0, flags.limit)).map((s) => serverView(s, state))
    return this.printList(flags, views, () => serverList(views, flags.long))
  }
}
