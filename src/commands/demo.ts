import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { progressPrinter } from '../cli/progress.js'
import { table } from '../cli/table.js'
import { TABLE } from '../cli/output.js'
import { HOST_HEAD, hostRow, hostView, serverView } from '../cli/views.js'
import { serverList } from '../cli/views-server-list.js'
import { newestFirst, visibleServers } from '../core/model/servers.js'
import { createServices } from '../core/services.js'
import { canOpenDashboard, openDashboard } from '../tui/open.js'

const HOSTS = [
  // Besides user-mode networking: a LAN bridge on two hosts, a libvirt network on one.
  { name: 'sim-a', vcpus: 16, memoryMb: 32768, diskGb: 500, networks: 'br-lan:bridge,lab:libvirt' },
  { name: 'sim-b', vcpus: 16, memoryMb: 32768, diskGb: 500, networks: 'br-lan:bridge' },
  { name: 'sim-c', vcpus: 8, memoryMb: 16384, diskGb: 250, networks: '' },
]
const SERVERS = [
  ['db-1', 'm1.large'],
  ['cache-1', 'm1.medium'],
] as const

export default class Demo extends BaseCommand {
  static description =
    'Build a simulated cluster (fake hosts, the default flavors, a demo image, an anti-affinity server group) in its own home directory and boot a few servers through the real control plane: filter scheduler, claims, conductor, fake driver. Nothing runs on any real host. In a terminal it then opens the dashboard on it (`homenova dashboard`).'
  static examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --home ./demo-home']
  static flags = {
    home: Flags.string({ description: 'Home directory for the demo (default: a new temporary directory).' }),
  }

  async run() {
    const { flags } = await this.parse(Demo)
    const home = flags.home ?? (await mkdtemp(join(tmpdir(), 'homenova-demo-')))
    const services = createServices(home)
    this.log(`homenova demo in ${home}`)
    this.log('These hosts are SIMULATED (fake driver): no virtual machine runs anywhere.\n')
    const existing = await services.store.read()
    for (const h of HOSTS) {
      if (existing.hosts.some((x) => x.name === h.name)) continue
      const { networks, ...size } = h
      await services.hosts.add({ name: h.name, driver: 'fake', fake: { ...size, properties: networks ? { networks } : {} } }, { trustOnFirstUse: false })
    }
    const imageFile = join(home, 'demo-image.raw')
    await writeFile(imageFile, Buffer.alloc(1024 * 1024))
    const image = existing.images.find((i) => i.name === 'demo-image') ?? (await services.images.create('demo-image', imageFile))
    const taken = new Set(visibleServers(existing).map((s) => s.name))
    // Three web servers in one request, kept on three different hosts by an anti-affinity group.
    if (!existing.serverGroups.some((g) => g.name === 'web')) await services.serverGroups.create('web', 'anti-affinity', {})
    if (!taken.has('web-1')) await services.compute.createServers({ name: 'web', flavor: 'm1.small', image: image.id, placement: { hints: { group: ['web'] }, max: 3 } })
    for (const [name, flavor] of SERVERS) {
      // The database on the LAN bridge as well: only sim-a and sim-b offer it.
      const networks = name === 'db-1' ? { kind: 'nics' as const, nics: [{ network: 'user' }, { network: 'br-lan' }] } : undefined
      if (!taken.has(name)) await services.compute.createServers({ name, flavor, image: image.id, ...(networks ? { networks } : {}) })
    }
    // In a terminal the dashboard opens on it and its conductor builds the servers in view.
    if (canOpenDashboard() && !this.jsonEnabled()) {
      await openDashboard(this.config.root, home)
      this.log(`\nThe demo cloud stays in ${home}: HOMENOVA_HOME=${home} homenova dashboard`)
      return { home, simulated: true, servers: [], hosts: [] }
    }
    await services.conductor({ onEvent: progressPrinter((line) => this.log(line)) }).drain()
    const state = await services.store.read()
    // In the order `server list` prints them: newest first.
    const servers = newestFirst(visibleServers(state)).map((s) => serverView(s, state))
    const hosts = state.hosts.map((h) => hostView(h, state))
    this.log('')
    await this.printList(TABLE, undefined, () => serverList(servers))
    this.show(() => table(HOST_HEAD, hosts.map(hostRow)))
    this.log(`\nExplore it: export HOMENOVA_HOME=${home}; homenova server list; homenova server group show web`)
    this.log('See the scheduler think: homenova server create x --flavor m1.xlarge --image demo-image --dry-run')
    this.log('Watch and drive it: homenova dashboard; a server\'s screen: homenova console vnc web-1')
    return { home, simulated: true, servers, hosts }
  }
}
