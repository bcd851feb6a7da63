// Nova's IoOpsWeigher: weighs hosts by instances doing I/O now (num_io_ops),
// normalized from 0. The default multiplier is negative (-1.0), so the
// least busy host scores 0 and every other host scores below it.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** IoOpsWeigher (io_ops_weight_multiplier). */
export const ioOpsWeigher: HostWeigher = {
  name: 'IoOpsWeigher',
  minval: 0,
  multiplier: (config, host) => weightMultiplier(host, 'io_ops_weight_multiplier', config.io_ops_weight_multiplier),
  weigh: (host) => host.num_io_ops,
}
