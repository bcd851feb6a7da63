// Nova's BuildFailureWeigher (nova/scheduler/weights/compute.py): weighs hosts
// by recent failed builds, with no minval. Its multiplier is the configured
// (or aggregate) value negated, so build_failure_weight_multiplier is written
// positive and a host with failures loses up to that much. The aggregate
// minimum is taken before the negation: the mildest penalty wins.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** BuildFailureWeigher (build_failure_weight_multiplier, negated). */
export const buildFailureWeigher: HostWeigher = {
  name: 'BuildFailureWeigher',
  multiplier: (config, host) => -1 * weightMultiplier(host, 'build_failure_weight_multiplier', config.build_failure_weight_multiplier),
  weigh: (host) => host.failed_builds,
}
