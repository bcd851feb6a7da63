// The servers view: openstack server list's facts with colour and age, and a
// detail pane with every field of `server show` and the server's recent actions.
import { serverStatus, type ServerStatus } from '../../core/model/lifecycle.js'
import { visibleServers } from '../../core/model/servers.js'
import { actionView } from '../../cli/views-actions.js'
import { networksText, serverFields, serverView } from '../../cli/views.js'
import { age } from '../format.js'
import type { Tone } from '../theme.js'
import type { Server } from '../../core/store/schema.js'
import { ageValue, linesOf, rowCache, rowIndex, type Cell, type DetailSection, type Row, type RowIndex, type SortValue, type View } from './view.js'

const WORKING: readonly ServerStatus[] = ['BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'MIGRATING', 'RESIZE', 'REVERT_RESIZE', 'PASSWORD']
const WAITING: readonly ServerStatus[] = ['PAUSED', 'SUSPENDED', 'VERIFY_RESIZE', 'RESCUE', 'SHELVED', 'UNKNOWN']

/** How a server status reads at a glance: running, working on it, waiting on the operator, off, broken. */
export function statusTone(status: string): Tone {
  if (status === 'ACTIVE') return 'ok'
  if (status === 'ERROR') return 'bad'
  if ((WORKING as readonly string[]).includes(status)) return 'busy'
  if ((WAITING as readonly string[]).includes(status)) return 'warn'
  return 'dim'
}

/** How many of a server's actions its detail pane lists. */
export const RECENT_EVENTS = 8

// A server's row (host and image are the names it shows). A class, not a literal
// of closures: 10,000 rows of closures and their contexts took ~14 MB, these ~3 MB.
class ServerRow implements Row {
  readonly key: string
  readonly #status: ServerStatus
  #addresses: string | undefined
  #index: RowIndex | undefined

  constructor(
    readonly server: Server,
    readonly host: string,
    readonly image: string,
  ) {
    this.key = server.id
    this.#status = serverStatus(server)
  }

  // Made on first use: networksText is the costly cell, and most rows are never on screen.
  #addressText(): string {
    return (this.#addresses ??= networksText(this.server.addresses))
  }

  cells(now: number): Cell[] {
    const s = this.server
    return [
      { text: s.name },
      { text: this.#status, tone: statusTone(this.#status) },
      { text: s.taskState ?? '', tone: 'busy' },
      { text: this.host },
      { text: s.flavor.name },
      { text: this.image },
      { text: this.#addressText() },
      { text: age(s.createdAt, now), tone: 'dim' },
    ]
  }

  index(): RowIndex {
    const s = this.server
    return (this.#index ??= rowIndex({ name: s.name, status: this.#status, task: s.taskState ?? '', host: this.host, flavor: s.flavor.name, image: this.image, addresses: this.#addressText(), id: s.id, zone: s.availabilityZone, power: s.powerState, locked: s.locked }))
  }

  // Given here so that sorting 10,000 servers formats no cells (addresses are the
  // costly ones), and one column's value at a time (a date is parsed only for AGE).
  sortValue(title: string): SortValue | undefined {
    const s = this.server
    switch (title) {
      case 'NAME':
        return s.name
      case 'STATUS':
        return this.#status
      case 'TASK':
        return s.taskState ?? ''
      case 'HOST':
        return this.host
      case 'FLAVOR':
        return s.flavor.name
      case 'IMAGE':
        return this.image
      case 'AGE':
        return ageValue(s.createdAt)
    }
    return undefined
  }
}

// Rows kept per server object: a commit that changes one server builds one row.
const rowOf = rowCache<Server>()

/** Servers: status coloured, task state, where and from what, addresses, age. */
export const serversView: View = {
  name: 'servers',
  aliases: ['server', 'srv', 'vm', 'vms', 'instances', 'list'],
  columns: [
    { title: 'NAME', min: 8, max: 24, drop: 0 },
    { title: 'STATUS', min: 7, max: 13, drop: 0 },
    { title: 'TASK', min: 6, max: 14, drop: 3 },
    { title: 'HOST', min: 5, max: 12, drop: 2 },
    { title: 'FLAVOR', min: 6, max: 10, drop: 4 },
    { title: 'IMAGE', min: 5, max: 14, drop: 5 },
    { title: 'ADDRESSES', min: 9, drop: 6 },
    { title: 'AGE', min: 4, max: 4, drop: 1, align: 'right' },
  ],
  rows(snap) {
    const images = new Map(snap.state.images.map((i) => [i.id, i.name]))
    return visibleServers(snap.state).map((s) => {
      const host = snap.hostName(s.host)
      const image = images.get(s.imageId) ?? s.imageId.slice(0, 8)
      return rowOf(s, `${host}\n${image}`, () => new ServerRow(s, host, image))
    })
  },
  detail(snap, key) {
    const server = snap.state.servers.find((s) => s.id === key)
    if (!server) return null
    const fields = serverFields(serverView(server, snap.state))
    const sections: DetailSection[] = []
    if (server.fault) sections.push({ title: 'Fault', lines: [{ label: 'message', value: server.fault.message, tone: 'bad' }, ...(server.fault.details ? [{ label: 'details', value: server.fault.details }] : []), { label: 'at', value: server.fault.at }] })
    sections.push({ title: `Server ${server.name}`, lines: linesOf({ ...fields, fault: undefined }).map((l) => (l.label === 'status' ? { ...l, tone: statusTone(l.value) } : l)) })
    const actions = snap.state.actions.filter((a) => a.serverId === server.id).slice(-RECENT_EVENTS).reverse().map(actionView)
    sections.push({
      title: 'Recent events (newest first)',
      lines: actions.map((a) => ({ label: a.start_time, value: `${a.action} ${a.result}${a.message ? `: ${a.message}` : ''} (${a.user_id})`, tone: a.result === 'Error' ? 'bad' : a.result === 'In progress' ? 'busy' : undefined })),
    })
    return sections
  },
  empty: 'No servers. Create one with `homenova server create NAME --flavor m1.small --image IMAGE`.',
  sort: { column: 'NAME', descending: false },
}
