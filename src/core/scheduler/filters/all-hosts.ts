// Nova's AllHostsFilter: a no-op that passes every host (useful to disable filtering
// while keeping enabled_filters non-empty).
import type { HostFilter } from './types.js'

/** AllHostsFilter: every host passes. */
export const allHostsFilter: HostFilter = {
  name: 'AllHostsFilter',
  reject() {
    return null
  },
}
