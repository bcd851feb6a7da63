// Nova's IoOpsFilter and AggregateIoOpsFilter: a host with max_io_ops_per_host
// I/O-heavy operations (builds, snapshots, resizes...) in flight takes no more.
import type { HostState } from '../host-state.js'
import { aggregateLimit, type HostLimit } from './num-instances.js'
import type { HostFilter } from './types.js'

function check(host: HostState, limit: HostLimit): string | null {
  // Nova: passes while num_io_ops < max (strictly less: at the limit the host is full).
  if (host.num_io_ops < limit.value) return null
  return `has ${host.num_io_ops} I/O operations in progress, ${limit.source} is ${limit.value}`
}

/** IoOpsFilter: fewer than max_io_ops_per_host I/O operations in progress on the host. */
export const ioOpsFilter: HostFilter = {
  name: 'IoOpsFilter',
  reject(host, _spec, config) {
    return check(host, { value: config.max_io_ops_per_host, source: 'max_io_ops_per_host' })
  },
}

/** AggregateIoOpsFilter: as IoOpsFilter, with the host's aggregates' max_io_ops_per_host first. */
export const aggregateIoOpsFilter: HostFilter = {
  name: 'AggregateIoOpsFilter',
  reject(host, _spec, config) {
    return check(host, aggregateLimit(host, 'max_io_ops_per_host', config.max_io_ops_per_host))
  },
}
