// The views of where servers may go: aggregates (an availability_zone key
// makes one a zone) and server groups (affinity policies and their members).
import { indexed, linesOf, type View } from './view.js'

/** Aggregates, with the zone each makes and its hosts. */
export const aggregatesView: View = {
  name: 'aggregates',
  aliases: ['aggregate', 'agg', 'zones', 'az', 'availability'],
  columns: [
    { title: 'NAME', min: 8, max: 20, drop: 0 },
    { title: 'ZONE', min: 6, max: 16, drop: 0 },
    { title: 'HOSTS', min: 6, drop: 0 },
    { title: 'METADATA', min: 8, drop: 1 },
  ],
  rows(snap) {
    return snap.state.aggregates.map((a) => {
      const hosts = a.hostIds.map((id) => snap.hostName(id)).join(', ')
      const metadata = Object.entries(a.metadata).map(([k, v]) => `${k}=${v}`).join(', ')
      return {
        key: a.id,
        cells: () => [{ text: a.name }, { text: a.metadata.availability_zone ?? '' }, { text: hosts }, { text: metadata, tone: 'dim' }],
        ...indexed(() => ({ name: a.name, zone: a.metadata.availability_zone, hosts, metadata, id: a.id })),
      }
    })
  },
  detail(snap, key) {
    const a = snap.state.aggregates.find((x) => x.id === key)
    return a ? [{ title: `Aggregate ${a.name}`, lines: linesOf({ id: a.id, name: a.name, availability_zone: a.metadata.availability_zone ?? null, hosts: a.hostIds.map((id) => snap.hostName(id)).join(', '), created: a.createdAt }) }, { title: 'Metadata', lines: linesOf(a.metadata) }] : null
  },
  sort: { column: 'NAME', descending: false },
  empty: 'No aggregates. Make a zone with `homenova aggregate create NAME --zone ZONE`.',
}

/** Server groups: policy, members and the hosts they are on. */
export const groupsView: View = {
  name: 'groups',
  aliases: ['group', 'servergroups', 'sg', 'server-groups'],
  columns: [
    { title: 'NAME', min: 8, max: 20, drop: 0 },
    { title: 'POLICY', min: 8, max: 18, drop: 0 },
    { title: 'MEMBERS', min: 7, drop: 0 },
    { title: 'HOSTS', min: 5, drop: 1 },
  ],
  rows(snap) {
    const servers = new Map(snap.state.servers.map((s) => [s.id, s]))
    return snap.state.serverGroups.map((g) => {
      const members = g.memberIds.map((id) => servers.get(id)).filter((s) => s !== undefined && s.vmState !== 'deleted')
      const names = members.map((s) => s?.name).join(', ')
      const hosts = [...new Set(members.map((s) => snap.hostName(s?.host ?? null)).filter(Boolean))].join(', ')
      return {
        key: g.id,
        cells: () => [{ text: g.name }, { text: g.policy }, { text: names }, { text: hosts, tone: 'dim' }],
        ...indexed(() => ({ name: g.name, policy: g.policy, members: names, hosts, id: g.id })),
      }
    })
  },
  detail(snap, key) {
    const g = snap.state.serverGroups.find((x) => x.id === key)
    return g ? [{ title: `Server group ${g.name}`, lines: linesOf({ id: g.id, name: g.name, policy: g.policy, rules: JSON.stringify(g.rules), members: g.memberIds.map((id) => snap.state.servers.find((s) => s.id === id)?.name ?? id).join(', '), project_id: g.projectId, created: g.createdAt }) }] : null
  },
  sort: { column: 'NAME', descending: false },
  empty: 'No server groups. Make one with `homenova server group create NAME --policy anti-affinity`.',
}
