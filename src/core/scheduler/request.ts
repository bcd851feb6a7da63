// What the scheduler is asked: Nova's RequestSpec, with the parts homenova has.
import { DEFAULT_PROJECT } from '../store/constants.js'
import type { Flavor, Resources, ServerGroup } from '../store/schema.js'

/** Scheduler hints, with Nova's names (os:scheduler_hints). */
export interface SchedulerHints {
  different_host?: string[]
  same_host?: string[]
  group?: string
  query?: string
  build_near_host_ip?: string
  cidr?: string
}

/** A request to place `numInstances` instances of one flavor and image. */
export interface RequestSpec {
  flavor: Flavor
  /** What Placement is asked for per instance (after `resources:*` extra spec overrides). */
  resources: Resources
  image: { id: string; properties: Record<string, string> }
  projectId: string
  numInstances: number
  /** The zone asked for (`--availability-zone ZONE`), if any. */
  availabilityZone?: string
  /** A forced host (`--availability-zone ZONE:HOST` or `--host`): filters are skipped, the claim is not. */
  forcedHost?: string
  hints: SchedulerHints
  /** The server group named by the `group` hint, resolved, with the hosts its members are on. */
  group?: ServerGroup & { hosts: string[] }
  /** Required and forbidden traits from `trait:*` extra specs. */
  requiredTraits: string[]
  forbiddenTraits: string[]
  /** Host ids to skip: where this build already failed (reschedule), or the host a move leaves. */
  ignoreHostIds: string[]
  /** Networks every chosen host must offer (absent or empty: no NIC asked for beyond user-mode, which every host has). */
  networks?: string[]
  /** What a skipped host is reported as; default: RetryFilter, "a build of this server already failed here". */
  ignoreReason?: { check: string; reason: string }
}

/** The resources a flavor asks Placement for (root + ephemeral disk, swap in MB rounded up to GB). */
export function flavorResources(flavor: Flavor): Resources {
  const disk = flavor.diskGb + flavor.ephemeralGb + Math.ceil(flavor.swapMb / 1024)
  return { VCPU: flavor.vcpus, MEMORY_MB: flavor.ramMb, DISK_GB: disk }
}

/** A request spec for one instance of a flavor with nothing else asked. */
export function requestFor(flavor: Flavor, extra: Partial<RequestSpec> = {}): RequestSpec {
  return {
    flavor,
    resources: flavorResources(flavor),
    image: { id: '', properties: {} },
    projectId: DEFAULT_PROJECT,
    numInstances: 1,
    hints: {},
    requiredTraits: [],
    forbiddenTraits: [],
    ignoreHostIds: [],
    ...extra,
  }
}
