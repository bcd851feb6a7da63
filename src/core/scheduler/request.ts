// What the scheduler is asked: Nova's RequestSpec, reduced to what exists so far.
import type { Flavor, Resources } from '../store/schema.js'

/** A request to place one instance. */
export interface RequestSpec {
  flavor: Flavor
  resources: Resources
}

/** The resources a flavor asks Placement for (root + ephemeral disk, swap in MB rounded up to GB). */
export function requestFor(flavor: Flavor): RequestSpec {
  const disk = flavor.diskGb + flavor.ephemeralGb + Math.ceil(flavor.swapMb / 1024)
  return { flavor, resources: { VCPU: flavor.vcpus, MEMORY_MB: flavor.ramMb, DISK_GB: disk } }
}
