// NetworkFilter: a host passes only if it offers every network the request
// asks for (user-mode networking is on every host). Nova has no such filter
// because Neutron networks span the cloud; homenova's networks are a host's
// own bridges and libvirt networks, so, like Nova's request filters (e.g. the
// routed-networks one), the scheduler runs it on every request, before the
// enabled filters and for a forced host too: a host without the network
// cannot build the server whatever enabled_filters says.
import { USER_NETWORK } from '../../model/networks.js'
import type { HostFilter } from './types.js'

/** NetworkFilter: the host offers (and has started) every requested network. */
export const networkFilter: HostFilter = {
  name: 'NetworkFilter',
  reject(hs, spec) {
    const wanted = spec.networks
    if (!wanted || wanted.length === 0) return null
    const missing: string[] = []
    const inactive: string[] = []
    for (const name of wanted) {
      if (name === USER_NETWORK) continue
      const net = hs.host.networks.find((n) => n.name === name)
      if (!net) missing.push(name)
      else if (!net.active) inactive.push(name)
    }
    if (missing.length > 0) return `does not offer network ${missing.join(', ')}`
    if (inactive.length > 0) return `libvirt network ${inactive.join(', ')} is not started here (virsh net-start)`
    return null
  },
}
