// The servers view: openstack server list's facts with colour and age, and a
// detail pane with every field of `server show` and the server's recent actions.
import { serverStatus, type ServerStatus } from '../../core/model/lifecycle.js'
import { visibleServers } from '../../core/model/servers.js'
import { actionView } from '../../cli/views-actions.js'
import { networksText, serverFields, serverView } from '../../cli/views.js'
import { age } from '../format.js'
import type { Tone } from '../theme.js'
import { indexed, linesOf, once, type DetailSection, type View } from './view.js'

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
      const status = serverStatus(s)
      const host = snap.hostName(s.host)
      const image = images.get(s.imageId) ?? s.imageId.slice(0, 8)
      const addresses = once(() => networksText(s.addresses))
      const task = s.taskState ?? ''
      return {
        key: s.id,
        cells: (now) => [
          { text: s.name },
          { text: status, tone: statusTone(status) },
          { text: task, tone: 'busy' },
          { text: host },
          { text: s.flavor.name },
          { text: image },
          { text: addresses() },
          { text: age(s.createdAt, now), tone: 'dim' },
        ],
        ...indexed(() => ({ name: s.name, status, task, host, flavor: s.flavor.name, image, addresses: addresses(), id: s.id, zone: s.availabilityZone, power: s.powerState, locked: s.locked })),
      }
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
}
