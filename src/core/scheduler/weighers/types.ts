// The shape of a host weigher: Nova's BaseHostWeigher. The scheduler
// normalizes each weigher's raw values to 0..1 across the hosts and multiplies
// them by the weigher's multiplier (nova/weights.py).
import type { HostState } from '../host-state.js'
import type { RequestSpec } from '../request.js'
import type { SchedulerConfig } from '../config.js'

/** A named host weigher. */
export interface HostWeigher {
  /** Nova's class name, e.g. 'RAMWeigher'. */
  readonly name: string
  /** The multiplier from the configuration (e.g. ram_weight_multiplier). */
  multiplier(config: SchedulerConfig, host: HostState): number
  /** The raw weight of one host, before normalization. */
  weigh(host: HostState, spec: RequestSpec, config: SchedulerConfig): number
  /** Bounds for normalization, where Nova's weigher sets minval/maxval; otherwise the min and max across hosts. */
  readonly minval?: number
  readonly maxval?: number
}
