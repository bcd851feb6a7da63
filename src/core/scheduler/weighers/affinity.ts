// Nova's soft server-group weighers (nova/scheduler/weights/affinity.py). Each
// counts the request group's members among the host's instances (the size of
// the intersection of instance ids and member ids), and only when the group's
// policy is its own; otherwise every host weighs 0. The anti-affinity weigher
// returns the count negated and sets no minval, so normalization maps the
// host with the fewest members to 1 and the one with the most to 0, keeping
// the multiplier positive.
import type { HostState } from '../host-state.js'
import type { RequestSpec } from '../request.js'
import { weightMultiplier } from './multiplier.js'
import type { HostWeigher } from './types.js'

// Member ids as a set, built once per request (keyed by the array, rebuilt if it grows).
const memberSets = new WeakMap<readonly string[], { size: number; ids: ReadonlySet<string> }>()

function memberSet(ids: readonly string[]): ReadonlySet<string> {
  const cached = memberSets.get(ids)
  if (cached && cached.size === ids.length) return cached.ids
  const set = new Set(ids)
  memberSets.set(ids, { size: ids.length, ids: set })
  return set
}

/** How many of the request group's members are on the host, if the group's policy is `policy`, else 0. */
export function groupMembersOnHost(host: HostState, spec: RequestSpec, policy: string): number {
  const group = spec.group
  if (!group || group.policy !== policy) return 0
  const members = memberSet(group.memberIds)
  const instances = host.instances
  let count = 0
  // Walk the smaller side; duplicates count once either way, as Nova's set intersection.
  if (instances.size <= members.size) {
    for (const id of instances.keys()) if (members.has(id)) count++
  } else {
    for (const id of members) if (instances.has(id)) count++
  }
  return count
}

/** ServerGroupSoftAffinityWeigher (soft_affinity_weight_multiplier): more members on the host weigh more. */
export const serverGroupSoftAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAffinityWeigher',
  multiplier: (config, host) => weightMultiplier(host, 'soft_affinity_weight_multiplier', config.soft_affinity_weight_multiplier),
  weigh: (host, spec) => groupMembersOnHost(host, spec, 'soft-affinity'),
}

/** ServerGroupSoftAntiAffinityWeigher (soft_anti_affinity_weight_multiplier): fewer members on the host weigh more. */
export const serverGroupSoftAntiAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAntiAffinityWeigher',
  multiplier: (config, host) => weightMultiplier(host, 'soft_anti_affinity_weight_multiplier', config.soft_anti_affinity_weight_multiplier),
  // 0 - n rather than -n: Nova negates an int, which has no -0.
  weigh: (host, spec) => 0 - groupMembersOnHost(host, spec, 'soft-anti-affinity'),
}
