// Turns the scheduler's rejections into "No valid host was found" reasons an
// operator can act on: how many hosts each check removed, why, and what to try.

const SUGGESTIONS: Record<string, string> = {
  Placement: 'free or add capacity, pick a smaller flavor, raise allocation ratios (`resource provider inventory set`) or set the traits the flavor requires (`resource provider trait set`)',
  ForcedHost: 'drop --host (or ZONE:HOST) and let the scheduler choose',
  RetryFilter: 'the build already failed on these hosts; see the fault of the earlier attempt',
  CurrentHost: 'add a host, or let a resize stay (`homenova config set allow_resize_to_same_host true`)',
  SourceHost: 'add a host for it to move to (one of the same driver, for a live migration)',
  ComputeFilter: 'enable a host (`homenova host set HOST --enable`)',
  AvailabilityZoneFilter: 'pick another zone (`homenova availability zone list`) or add hosts to this one',
  ServerGroupAntiAffinityFilter: 'add hosts, raise max_server_per_host, or use a soft-anti-affinity group',
  ServerGroupAffinityFilter: "make room on the group's host, or use a soft-affinity group",
  ComputeCapabilitiesFilter: "change the flavor's capabilities: extra specs or the hosts' properties",
  ImagePropertiesFilter: "change the image's architecture, hypervisor_type or vm mode properties",
  AggregateInstanceExtraSpecsFilter: 'set the matching metadata on an aggregate of the hosts, or change the flavor extra specs',
  AggregateMultiTenancyIsolation: "add the project to the aggregate's filter_tenant_id",
  NumInstancesFilter: 'raise max_instances_per_host or add hosts',
  IoOpsFilter: 'wait for builds to finish or raise max_io_ops_per_host',
  JsonFilter: 'loosen the query hint',
  SameHostFilter: 'the same_host servers\' hosts cannot take it',
  DifferentHostFilter: 'add hosts that run none of the different_host servers',
  SimpleCIDRAffinityFilter: 'widen the cidr hint',
  IsolatedHostsFilter: 'use an isolated image on isolated hosts, or another host',
  NetworkFilter: 'pick a network those hosts offer (`homenova network list`), or make the bridge or libvirt network on more hosts and `homenova host refresh` them',
}

/** "ComputeFilter removed 2 of 5 hosts (a: ...; b: ...)" for each check that removed any, with what to try. */
export function explainFailure(rejected: Map<string, { count: number; samples: string[] }>, total: number): string {
  if (total === 0) return 'There are no compute hosts; add one with `homenova host add`.'
  const parts = [...rejected].map(([name, { count, samples }]) => {
    const more = count > samples.length ? `; and ${count - samples.length} more` : ''
    return `${name} removed ${count} of ${total} hosts (${samples.join('; ')}${more})`
  })
  const tries = [...rejected.keys()].map((name) => SUGGESTIONS[name]).filter(Boolean)
  return `${parts.join('; ')}.${tries.length > 0 ? ` To fix: ${tries.join('; or ')}.` : ''}`
}
