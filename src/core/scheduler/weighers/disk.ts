// Nova's DiskWeigher: weighs hosts by free disk (free_disk_mb, which, like
// free RAM, ignores the allocation ratio); minval 0 clamps negative values.
// Spreads by default.
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

/** DiskWeigher (disk_weight_multiplier). */
export const diskWeigher: HostWeigher = {
  name: 'DiskWeigher',
  minval: 0,
  multiplier: (config, host) => weightMultiplier(host, 'disk_weight_multiplier', config.disk_weight_multiplier),
  weigh: (host) => host.free_disk_mb,
}
