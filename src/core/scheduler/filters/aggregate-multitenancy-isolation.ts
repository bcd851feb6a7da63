// Nova's AggregateMultiTenancyIsolation: a host in an aggregate with
// `filter_tenant_id` metadata takes only those projects' instances.
//
// Only the exact key `filter_tenant_id` counts here, as in Nova's filter (Zed and
// later): the suffixed keys (`filter_tenant_id_2`, `filter_tenant_id:123`) are read
// by Nova's placement pre-filter require_tenant_aggregate
// (limit_tenants_to_placement_aggregate), which is not a host filter.
import { aggregateValueSet, hostAggregateValues } from './availability-zone.js'
import type { HostFilter } from './types.js'

const KEY = 'filter_tenant_id'

/** AggregateMultiTenancyIsolation: the request's project is one the host's aggregates allow. */
export const aggregateMultiTenancyIsolationFilter: HostFilter = {
  name: 'AggregateMultiTenancyIsolation',
  reject(host, spec) {
    // Nova unions the comma-separated values of every aggregate of the host that
    // sets the key: the project passes if any of them lists it.
    let restricted = false
    for (const agg of host.aggregates) {
      const projects = aggregateValueSet(agg, KEY)
      if (!projects) continue
      if (projects.has(spec.projectId)) return null
      restricted = true
    }
    // Nova: no aggregate with the key lets every project in. (A key set to '' is a
    // non-empty set {''} in Nova, so it admits no real project: reproduced.)
    if (!restricted) return null
    const allowed = hostAggregateValues(host, KEY).map((p) => (p === '' ? "''" : p))
    return `in an aggregate only for project${allowed.length > 1 ? 's' : ''} ${allowed.join(', ')} (${KEY}), the request is from project ${spec.projectId}`
  },
}
