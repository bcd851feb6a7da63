// The hosts view: is each host up and enabled, how full it is (bars against
// capacity with the allocation ratio, as Placement counts it), how many servers.
import { RESOURCE_CLASSES } from '../../core/store/constants.js'
import { serverStatus } from '../../core/model/lifecycle.js'
import { hostView, type HostView } from '../../cli/views.js'
import { bar, gib, usageTone } from '../format.js'
import type { Cell } from './view.js'
import { indexed, linesOf, type View } from './view.js'
import { statusTone } from './servers.js'

const BAR = 6

/** A usage cell: a small bar and `used/capacity`, coloured by how full it is. */
export function usageCell(used: number, capacity: number, unit: (n: number) => string = String): Cell {
  return { text: `${bar(used, capacity, BAR)} ${unit(used)}/${unit(capacity)}`, tone: usageTone(used, capacity) }
}

const resource = (v: HostView, rc: string) => v.resources[rc]
const fullness = (v: HostView, rc: string) => (resource(v, rc).capacity > 0 ? resource(v, rc).used / resource(v, rc).capacity : 0)

/** Hosts: up or down, enabled or not, usage bars against capacity, servers, virt type. */
export const hostsView: View = {
  name: 'hosts',
  aliases: ['host', 'hv', 'hypervisors', 'nodes', 'compute'],
  columns: [
    { title: 'NAME', min: 6, max: 16, drop: 0 },
    { title: 'STATUS', min: 6, max: 6, drop: 0 },
    { title: 'STATE', min: 8, max: 8, drop: 3 },
    { title: 'VCPU', min: 13, max: 16, drop: 1 },
    { title: 'RAM GiB', min: 13, max: 18, drop: 1 },
    { title: 'DISK GB', min: 13, max: 20, drop: 2 },
    { title: 'SERVERS', min: 7, max: 7, drop: 0, align: 'right' },
    { title: 'VIRT', min: 4, max: 12, drop: 4 },
  ],
  rows(snap) {
    return snap.state.hosts.map((h) => {
      const v = hostView(h, snap.state)
      const virt = `${h.driver === 'fake' ? 'fake' : h.virtType}`
      return {
        key: h.id,
        cells: () => [
          { text: h.name },
          { text: h.status, tone: h.status === 'up' ? 'ok' : 'bad' },
          { text: v.state, tone: h.enabled ? undefined : 'warn' },
          usageCell(resource(v, 'VCPU').used, resource(v, 'VCPU').capacity),
          usageCell(resource(v, 'MEMORY_MB').used, resource(v, 'MEMORY_MB').capacity, (n) => gib(n)),
          usageCell(resource(v, 'DISK_GB').used, resource(v, 'DISK_GB').capacity),
          { text: String(v.servers) },
          { text: virt },
        ],
        ...indexed(() => ({ name: h.name, status: h.status, state: v.state, servers: v.servers, virt, driver: h.driver, id: h.id, connection: v.connection })),
        // Usage sorts by how full the host is, not by the bar's text.
        sortValue: (title) => (title === 'VCPU' ? fullness(v, 'VCPU') : title === 'RAM GiB' ? fullness(v, 'MEMORY_MB') : title === 'DISK GB' ? fullness(v, 'DISK_GB') : undefined),
      }
    })
  },
  detail(snap, key) {
    const host = snap.state.hosts.find((h) => h.id === key)
    if (!host) return null
    const v = hostView(host, snap.state)
    const { resources, facts, ...rest } = v
    const servers = snap.state.servers.filter((s) => s.host === host.id && s.vmState !== 'deleted')
    return [
      { title: `Host ${host.name}`, lines: linesOf({ ...rest, disabled_reason: host.disabledReason }) },
      {
        title: 'Inventory (total, reserved, ratio: capacity, used)',
        lines: RESOURCE_CLASSES.map((rc) => {
          const r = resources[rc]
          return { label: rc, value: `${r.total} total, ${r.reserved} reserved, x${r.allocationRatio}: ${r.capacity} capacity, ${r.used} used`, tone: usageTone(r.used, r.capacity) }
        }),
      },
      { title: 'Traits', lines: [{ label: 'traits', value: host.traits.join(', ') }] },
      { title: 'Facts', lines: linesOf(facts) },
      { title: `Servers (${servers.length})`, lines: servers.map((s) => ({ label: s.name, value: `${serverStatus(s)} ${s.flavor.name}`, tone: statusTone(serverStatus(s)) })) },
    ]
  },
  sort: { column: 'NAME', descending: false },
  empty: 'No hosts. Add one with `homenova host add NAME --address ADDR`, or a simulated one with `--driver fake`.',
}
