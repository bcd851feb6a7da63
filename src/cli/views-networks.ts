// Networks as the CLI shows them: one row per network name, with the hosts that offer it.
import type { NetworkSummary } from '../core/api/network-api.js'

/** A network as `network show` and --json give it (snake_case, as openstack's fields). */
export function networkView(n: NetworkSummary) {
  return {
    name: n.name,
    type: n.types.join(','),
    hosts: n.hosts.map((h) => ({
      host: h.host,
      type: h.type,
      status: h.active ? 'ACTIVE' : 'DOWN',
      ...(h.bridge ? { bridge: h.bridge } : {}),
      ...(h.forward ? { forward: h.forward } : {}),
    })),
  }
}
/** The JSON shape of a network. */
export type NetworkView = ReturnType<typeof networkView>

/** A host's offer in one line: "kvm1 (bridge virbr1, nat)", "kvm2 (DOWN)". */
function hostText(h: NetworkView['hosts'][number]): string {
  const notes = [h.bridge ? `bridge ${h.bridge}` : '', h.forward ?? '', h.status === 'DOWN' ? 'DOWN' : ''].filter(Boolean)
  return notes.length > 0 ? `${h.host} (${notes.join(', ')})` : h.host
}

/** Header of `network list`. */
export const NETWORK_HEAD = ['Name', 'Type', 'Hosts']

/** One row of `network list`. */
export function networkRow(v: NetworkView): string[] {
  return [v.name, v.type, v.hosts.map(hostText).join(', ')]
}

/** The Field/Value pairs of `network show`. */
export function networkFields(v: NetworkView): Record<string, unknown> {
  return { name: v.name, type: v.type, hosts: v.hosts.map(hostText).join('\n') }
}
