// Every host filter by Nova's class name. enabled_filters picks and orders them.
// The resource checks Nova moved into Placement (RamFilter, CoreFilter,
// DiskFilter) are not filters here: placement-filter.ts runs them first.
import { differentHostFilter, sameHostFilter, serverGroupAffinityFilter, serverGroupAntiAffinityFilter, simpleCidrAffinityFilter } from './affinity.js'
import { aggregateImagePropertiesIsolationFilter } from './aggregate-image-properties-isolation.js'
import { aggregateInstanceExtraSpecsFilter } from './aggregate-instance-extra-specs.js'
import { aggregateMultiTenancyIsolationFilter } from './aggregate-multitenancy-isolation.js'
import { allHostsFilter } from './all-hosts.js'
import { availabilityZoneFilter } from './availability-zone.js'
import { computeCapabilitiesFilter } from './compute-capabilities.js'
import { computeFilter } from './compute.js'
import { imagePropertiesFilter } from './image-properties.js'
import { aggregateIoOpsFilter, ioOpsFilter } from './io-ops.js'
import { isolatedHostsFilter } from './isolated-hosts.js'
import { jsonFilter } from './json.js'
import { aggregateNumInstancesFilter, numInstancesFilter } from './num-instances.js'
import type { HostFilter } from './types.js'

const all: HostFilter[] = [
  allHostsFilter,
  availabilityZoneFilter,
  computeFilter,
  computeCapabilitiesFilter,
  imagePropertiesFilter,
  serverGroupAffinityFilter,
  serverGroupAntiAffinityFilter,
  sameHostFilter,
  differentHostFilter,
  simpleCidrAffinityFilter,
  jsonFilter,
  aggregateInstanceExtraSpecsFilter,
  aggregateImagePropertiesIsolationFilter,
  aggregateMultiTenancyIsolationFilter,
  isolatedHostsFilter,
  numInstancesFilter,
  aggregateNumInstancesFilter,
  ioOpsFilter,
  aggregateIoOpsFilter,
]

/** Filters by name. */
export const FILTERS: Readonly<Record<string, HostFilter>> = Object.fromEntries(all.map((f) => [f.name, f]))
