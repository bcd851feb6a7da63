// Nova's NumInstancesWeigher (upstream after Zed; Zed has none): weighs hosts by
// their instance count. It sets no minval, so counts are normalized between
// the fewest and most instances among the hosts. The default multiplier is 0
// (off); negative spreads, positive packs.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** NumInstancesWeigher (num_instances_weight_multiplier). */
export const numInstancesWeigher: HostWeigher = {
  name: 'NumInstancesWeigher',
  multiplier: (config, host) => weightMultiplier(host, 'num_instances_weight_multiplier', config.num_instances_weight_multiplier),
  weigh: (host) => host.num_instances,
}
