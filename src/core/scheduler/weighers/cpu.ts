// Nova's CPUWeigher: weighs hosts by free vCPUs counted with overcommit
// (vcpus_total * cpu_allocation_ratio - vcpus_used); minval 0 clamps hosts
// already past their overcommit to the lowest weight. Spreads by default.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** CPUWeigher (cpu_weight_multiplier). */
export const cpuWeigher: HostWeigher = {
  name: 'CPUWeigher',
  minval: 0,
  multiplier: (config, host) => weightMultiplier(host, 'cpu_weight_multiplier', config.cpu_weight_multiplier),
  weigh: (host) => host.vcpus_total * host.cpu_allocation_ratio - host.vcpus_used,
}
