// The shape of a host filter: Nova's BaseHostFilter.host_passes, but returning
// why a host is rejected so that the scheduler can explain itself.
import type { HostState } from '../host-state.js'
import type { RequestSpec } from '../request.js'
import type { SchedulerConfig } from '../config.js'

/** A named host filter, as in nova.scheduler.filters. */
export interface HostFilter {
  /** Nova's class name, e.g. 'ComputeFilter'. */
  readonly name: string
  /** Returns null if the host passes, else a short reason an operator can act on. */
  reject(host: HostState, spec: RequestSpec, config: SchedulerConfig): string | null
}
