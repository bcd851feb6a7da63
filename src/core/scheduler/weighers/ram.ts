// Nova's RAMWeigher: weighs hosts by free RAM (free_ram_mb, which ignores the
// allocation ratio and goes negative under overcommit; minval 0 clamps every
// overcommitted host to the same lowest weight). A positive multiplier spreads
// instances, a negative one stacks them; an aggregate may override it.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** RAMWeigher (ram_weight_multiplier). */
export const ramWeigher: HostWeigher = {
  name: 'RAMWeigher',
  minval: 0,
  multiplier: (config, host) => weightMultiplier(host, 'ram_weight_multiplier', config.ram_weight_multiplier),
  weigh: (host) => host.free_ram_mb,
}
