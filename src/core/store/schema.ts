// The shape of homenova's state file, as a zod schema so every write is checked.
// Names follow Nova's where Nova has one (vm_state, task_state, resource classes).
import { z } from 'zod'
import { GROUP_POLICIES, RESOURCE_CLASSES, SCHEMA_VERSION } from './constants.js'
import { TASK_STATES, VM_STATES } from '../model/lifecycle.js'
import { CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES } from '../images/formats.js'
import { NETWORK_TYPES } from '../model/networks.js'


const isoTime = z.string()

/** One resource class's inventory on a provider, as Placement models it. */
export const inventorySchema = z.object({
  total: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  minUnit: z.number().int().positive(),
  maxUnit: z.number().int().positive(),
  stepSize: z.number().int().positive(),
  allocationRatio: z.number().positive(),
})
export type Inventory = z.infer<typeof inventorySchema>

export type ResourceClass = (typeof RESOURCE_CLASSES)[number]
export type Resources = Record<ResourceClass, number>

const resourcesSchema = z.object({ VCPU: z.number(), MEMORY_MB: z.number(), DISK_GB: z.number() })

/** How homenova reaches a host: ssh, the local machine, or nowhere (simulated). */
export const connectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ssh'),
    address: z.string(),
    port: z.number().int(),
    user: z.string(),
    identity: z.string().optional(),
  }),
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('fake') }),
])
export type Connection = z.infer<typeof connectionSchema>

/** A network a host offers (see model/networks.ts): user-mode, a Linux bridge or a libvirt network. */
export const hostNetworkSchema = z.object({
  name: z.string(),
  type: z.enum(NETWORK_TYPES),
  bridge: z.string().optional(),
  forward: z.string().optional(),
  active: z.boolean(),
})

/** A compute host, which is also a resource provider. */
export const hostSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.enum(['libvirt', 'fake']),
  connection: connectionSchema,
  uri: z.string(),
  virtType: z.enum(['kvm', 'qemu']),
  /** The display new domains get: VNC (the default) or SPICE (Nova's [vnc]/[spice] enabled, per compute host). */
  graphics: z.enum(['vnc', 'spice']).optional(),
  instancesDir: z.string(),
  status: z.enum(['up', 'down']),
  /** Why the host is down: what the last power-state sync got instead of an answer. */
  downReason: z.string().optional(),
  /** When power-state sync last asked the host for its domains. */
  syncedAt: isoTime.optional(),
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  /** Nova's forced_down: the operator says the host is dead (`compute service set --down`), whatever the last sync saw. */
  forcedDown: z.boolean().optional(),
  /**
   * Servers evacuated from this host while it was down, whose domains and
   * claims are still here: removed when the host is seen up again (Nova's
   * _destroy_evacuated_instances at compute start-up).
   */
  evacuated: z.array(z.object({ serverId: z.string(), domainName: z.string(), at: isoTime })).optional(),
  inventory: z.object({ VCPU: inventorySchema, MEMORY_MB: inventorySchema, DISK_GB: inventorySchema }),
  /** What the host reported at the last probe (CPU, hypervisor, free disk, tools). */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Placement traits: discovered ones (HW_CPU_X86_*, COMPUTE_*) and operator-set CUSTOM_* ones. */
  traits: z.array(z.string()),
  /** The networks servers can attach to here, as the last probe found them (`user` always). */
  networks: z.array(hostNetworkSchema),
  /** Builds that failed here since the last success (Nova's failed_builds, for BuildFailureWeigher). */
  failedBuilds: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type Host = z.infer<typeof hostSchema>

/** A flavor: the size of a server. */
export const flavorSchema = z.object({
  id: z.string(),
  name: z.string(),
  vcpus: z.number().int().positive(),
  ramMb: z.number().int().positive(),
  diskGb: z.number().int().nonnegative(),
  ephemeralGb: z.number().int().nonnegative(),
  swapMb: z.number().int().nonnegative(),
  isPublic: z.boolean(),
  extraSpecs: z.record(z.string(), z.string()),
})
export type Flavor = z.infer<typeof flavorSchema>

/** An image in the registry under $HOMENOVA_HOME/images/. */
export const imageSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Glance's statuses: a snapshot is queued, then saving while its data arrives, then active. */
  status: z.enum(['queued', 'saving', 'active']),
  diskFormat: z.enum(DISK_FORMATS),
  containerFormat: z.enum(CONTAINER_FORMATS),
  size: z.number().int().nonnegative(),
  virtualSize: z.number().int().nonnegative(),
  /** sha256 hex of the file (Glance's os_hash_value), the host cache key (`_base/<checksum>`); '' until the data arrives. */
  checksum: z.string(),
  /** md5 hex of the file: Glance's `checksum`; null until the data arrives, and for images recorded before schema 3. */
  md5: z.string().nullable(),
  /** Glance's min_disk (GB) and min_ram (MB): the smallest flavor that may boot it. */
  minDisk: z.number().int().nonnegative(),
  minRam: z.number().int().nonnegative(),
  visibility: z.enum(VISIBILITIES),
  /** A protected image cannot be deleted (Glance's `protected`). */
  protected: z.boolean(),
  file: z.string(),
  properties: z.record(z.string(), z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type Image = z.infer<typeof imageSchema>

export type { TaskState, VmState } from '../model/lifecycle.js'


/** Why a server failed, as Nova's instance fault. */
export const faultSchema = z.object({ code: z.number().int(), message: z.string(), details: z.string().optional(), at: isoTime })
export type Fault = z.infer<typeof faultSchema>

/** A server (instance). The flavor is copied in, as Nova does, so later flavor edits do not change it. */
export const serverSchema = z.object({
  id: z.string(),
  name: z.string(),
  vmState: z.enum(VM_STATES),
  taskState: z.enum(TASK_STATES).nullable(),
  powerState: z.number().int(),
  host: z.string().nullable(),
  domainName: z.string(),
  flavor: flavorSchema,
  imageId: z.string(),
  projectId: z.string(),
  userId: z.string(),
  /** The zone asked for at create (null: any); what else was asked is in the server's request spec. */
  availabilityZone: z.string().nullable(),
  /** Nova's server metadata (`server set --property`). */
  properties: z.record(z.string(), z.string()),
  description: z.string().nullable(),
  locked: z.boolean(),
  lockedReason: z.string().optional(),
  /** A resize or cold migration waiting for confirm or revert (Nova's migration record). */
  migration: z
    .object({
      sourceHost: z.string(),
      destHost: z.string(),
      oldFlavor: flavorSchema,
      newFlavor: flavorSchema,
      /** active or stopped: where confirm and revert return to. */
      oldVmState: z.enum(['active', 'stopped']),
      kind: z.enum(['resize', 'migration']),
      at: isoTime,
    })
    .optional(),
  /** The snapshot a shelved server will boot from when unshelved. */
  shelvedImageId: z.string().optional(),
  /** The guest's hostname (Nova's sanitized display name, or `--hostname`). */
  hostname: z.string(),
  /** The keypair asked for at create, and its public key copied in (Nova's key_name and key_data): deleting the keypair changes no server. */
  keyName: z.string().nullable(),
  keyData: z.string().nullable(),
  /** `--user-data`, base64-encoded as Nova keeps it. */
  userData: z.string().nullable(),
  /** Nova's personality files (`--file DEST=SRC`), contents base64: on the config drive under openstack/content. */
  files: z.array(z.object({ path: z.string(), contents: z.string() })),
  /** Whether the guest gets a config drive (Nova's instance.config_drive). */
  configDrive: z.boolean(),
  /** Its place in a multi-create request, from 0 (Nova's launch_index). */
  launchIndex: z.number().int().nonnegative(),
  /** The server's NICs in guest order: the network each is on, its MAC, a fixed address asked for (Nova's requested networks and ports). */
  nics: z.array(z.object({ network: z.string(), mac: z.string(), fixedIp: z.string().optional() })),
  /** Addresses per network, as Nova shows them (`server show` addresses, `server list` Networks), as last discovered. */
  addresses: z.record(z.string(), z.array(z.object({ addr: z.string(), version: z.number().int(), type: z.enum(['fixed', 'floating']), mac: z.string() }))),
  fault: faultSchema.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  launchedAt: isoTime.optional(),
  deletedAt: isoTime.optional(),
})
export type Server = z.infer<typeof serverSchema>

/** What a consumer (a server) holds on a resource provider (a host). */
export const allocationSchema = z.object({
  consumerId: z.string(),
  providerId: z.string(),
  resources: resourcesSchema,
})
export type Allocation = z.infer<typeof allocationSchema>

/** Who runs a task, and until when that claim holds unless renewed. */
export const leaseSchema = z.object({ owner: z.string(), pid: z.number().int(), hostname: z.string(), expiresAt: isoTime })
export type Lease = z.infer<typeof leaseSchema>

const taskBase = {
  id: z.string(),
  /** The server worked on; for a schedule task, the first of `batch`. */
  serverId: z.string(),
  /** The instance action (`server event list`) this task carries out. */
  requestId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  /** Index of the first workflow step not yet committed: where a takeover resumes. */
  resumeAt: z.number().int().nonnegative(),
  /** Every committed step, in order (a log: a reschedule repeats names). */
  steps: z.array(z.object({ name: z.string(), at: isoTime, detail: z.string().optional() })),
  lease: leaseSchema.nullable(),
  takeovers: z.number().int().nonnegative(),
  error: z.string().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
}

/** A durable unit of work for the conductor, a union on its kind; each committed step is recorded before the next starts. */
export const taskSchema = z.discriminatedUnion('kind', [
  /** Place every server of one create request (claims), all or none. */
  z.object({ ...taskBase, kind: z.literal('schedule'), batch: z.array(z.string()) }),
  /** Spawn one placed server; `alternates` are hosts (ids) the scheduler chose for a reschedule. */
  z.object({ ...taskBase, kind: z.literal('build'), alternates: z.array(z.string()) }),
  /** Destroy the domain and its files, release the claim. `force` skips the graceful shutdown. */
  z.object({ ...taskBase, kind: z.literal('delete'), force: z.boolean() }),
  z.object({ ...taskBase, kind: z.literal('reboot'), rebootType: z.enum(['soft', 'hard']) }),
  /** A new root disk from `imageId` on the same host; `stopped` servers stay stopped, as in Nova. */
  z.object({ ...taskBase, kind: z.literal('rebuild'), imageId: z.string(), wasStopped: z.boolean() }),
  /** The server's disk into image `imageId` (queued -> saving -> active). */
  z.object({ ...taskBase, kind: z.literal('snapshot'), imageId: z.string() }),
  z.object({ ...taskBase, kind: z.literal('rescue'), rescueImageId: z.string() }),
  z.object({ ...taskBase, kind: z.literal('unrescue') }),
  /** Resize (a new flavor) or cold migration (the same flavor, another host); `host`: a host asked for. */
  z.object({ ...taskBase, kind: z.literal('resize'), flavor: flavorSchema, migration: z.boolean(), host: z.string().optional() }),
  /** Live migration (memory and disks copied while the guest runs); `host`: a host asked for; the hosts it moves between, once scheduled. */
  z.object({ ...taskBase, kind: z.literal('live_migrate'), host: z.string().optional(), sourceHost: z.string().optional(), destHost: z.string().optional() }),
  z.object({ ...taskBase, kind: z.literal('confirm_resize') }),
  z.object({ ...taskBase, kind: z.literal('revert_resize') }),
  /** Snapshot into `imageId`, then free the host. */
  z.object({ ...taskBase, kind: z.literal('shelve'), imageId: z.string() }),
  z.object({ ...taskBase, kind: z.literal('unshelve') }),
  /** Rebuild on another host from the image, the server's own host being down; `host`: a host asked for. */
  z.object({ ...taskBase, kind: z.literal('evacuate'), host: z.string().optional(), wasStopped: z.boolean() }),
  // Power actions carry nothing beyond the server.
  z.object({ ...taskBase, kind: z.literal('start') }),
  z.object({ ...taskBase, kind: z.literal('stop') }),
  z.object({ ...taskBase, kind: z.literal('pause') }),
  z.object({ ...taskBase, kind: z.literal('unpause') }),
  z.object({ ...taskBase, kind: z.literal('suspend') }),
  z.object({ ...taskBase, kind: z.literal('resume') }),
])
export type Task = z.infer<typeof taskSchema>

/** An SSH public key that servers can be given (Nova's keypair, unique by name per user). */
export const keypairSchema = z.object({
  name: z.string(),
  userId: z.string(),
  /** Nova's keypair types: ssh, or x509 for Windows guests. */
  type: z.enum(['ssh', 'x509']),
  publicKey: z.string(),
  /** Nova's fingerprint: MD5 of the key blob, colon-separated hex. */
  fingerprint: z.string(),
  /** Where `keypair create --private-key` wrote the private key (absolute): `server ssh` uses it. */
  privateKeyFile: z.string().optional(),
  createdAt: isoTime,
})
export type Keypair = z.infer<typeof keypairSchema>

/** A host aggregate; metadata `availability_zone` makes it an availability zone. */
export const aggregateSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostIds: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  createdAt: isoTime,
})
export type Aggregate = z.infer<typeof aggregateSchema>

/** A server group: members placed together or apart. */
export const serverGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  policy: z.enum(GROUP_POLICIES),
  rules: z.object({ max_server_per_host: z.number().int().positive().optional() }),
  memberIds: z.array(z.string()),
  projectId: z.string(),
  createdAt: isoTime,
})
export type ServerGroup = z.infer<typeof serverGroupSchema>

/**
 * A console authorization (Nova's console_auth_tokens row): only the token's
 * sha256 is kept, bound to one server, its host and the display port it had
 * when the token was made; `usedAt` marks the one connection it allowed.
 */
export const consoleAuthTokenSchema = z.object({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  instanceUuid: z.string(),
  hostId: z.string(),
  consoleType: z.enum(['novnc', 'spice-html5', 'serial']),
  port: z.number().int().nonnegative(),
  createdAt: isoTime,
  expiresAt: isoTime,
  usedAt: isoTime.optional(),
})
export type ConsoleAuthToken = z.infer<typeof consoleAuthTokenSchema>

/** Cloud-wide settings, as nova.conf's [filter_scheduler] and [scheduler] sections and the allocation ratios. */
export const configSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
export type Config = z.infer<typeof configSchema>

/** A simulated domain on a fake host, kept in the store so separate processes agree. */
export const fakeDomainSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  state: z.enum(['running', 'paused', 'shutoff', 'suspended', 'crashed']),
  consoleLog: z.string(),
  /** Booted from a rescue image; unrescue clears it. */
  rescued: z.boolean().optional(),
  /** A move kept this server's files on this host until it is confirmed or reverted. */
  kept: z.boolean().optional(),
  /** false: no domain is defined here any more, only the kept files. */
  defined: z.boolean().optional(),
})
export type FakeDomain = z.infer<typeof fakeDomainSchema>

/** Nova's RequestSpec: what was asked when a server was accepted, read by the schedule, a reschedule and later moves. */
export const requestSpecSchema = z.object({
  /** The server it belongs to (Nova keys it by instance uuid). */
  instanceId: z.string(),
  flavor: flavorSchema,
  imageId: z.string(),
  projectId: z.string(),
  userId: z.string(),
  numInstances: z.number().int().positive(),
  availabilityZone: z.string().optional(),
  forcedHost: z.string().optional(),
  /** Checked scheduler hints (server ids, group id), as Nova's scheduler_hints. */
  hints: z.object({
    different_host: z.array(z.string()).optional(),
    same_host: z.array(z.string()).optional(),
    group: z.string().optional(),
    query: z.string().optional(),
    build_near_host_ip: z.string().optional(),
    cidr: z.string().optional(),
  }),
  /** The networks asked for, one per NIC (Nova's requested_networks): the scheduler picks only hosts offering them all. */
  networks: z.array(z.string()),
})
export type StoredRequestSpec = z.infer<typeof requestSpecSchema>

/** One step of an instance action (Nova's instance action event). */
export const actionEventSchema = z.object({
  event: z.string(),
  startTime: isoTime,
  finishTime: isoTime.optional(),
  result: z.enum(['Success', 'Error']).optional(),
  details: z.string().optional(),
  /** The steps the conductor committed for this event. */
  steps: z.array(z.object({ name: z.string(), at: isoTime, detail: z.string().optional() })),
})

/** Nova's instance action: one request on one server (`server event list`). */
export const instanceActionSchema = z.object({
  requestId: z.string(),
  serverId: z.string(),
  action: z.string(),
  projectId: z.string(),
  userId: z.string(),
  startTime: isoTime,
  finishTime: isoTime.optional(),
  /** Set when the action failed. */
  message: z.string().optional(),
  events: z.array(actionEventSchema),
})
export type InstanceAction = z.infer<typeof instanceActionSchema>

/** Nova's quotas: the default class's limits and each project's own (unset ones fall back; -1 is unlimited). */
const quotaLimits = z.record(z.string(), z.number().int().min(-1))
export const quotasSchema = z.object({ defaults: quotaLimits, projects: z.record(z.string(), quotaLimits) })

/** The whole state file. */
export const stateSchema = z.object({
  version: z.literal(SCHEMA_VERSION),
  generation: z.number().int().nonnegative(),
  flavorsSeeded: z.boolean(),
  hosts: z.array(hostSchema),
  flavors: z.array(flavorSchema),
  images: z.array(imageSchema),
  servers: z.array(serverSchema),
  allocations: z.array(allocationSchema),
  tasks: z.array(taskSchema),
  requestSpecs: z.array(requestSpecSchema),
  actions: z.array(instanceActionSchema),
  fakeDomains: z.array(fakeDomainSchema),
  aggregates: z.array(aggregateSchema),
  serverGroups: z.array(serverGroupSchema),
  keypairs: z.array(keypairSchema),
  consoleAuthTokens: z.array(consoleAuthTokenSchema),
  /** Absent in files written before quotas existed: no limits set, Nova's defaults apply. */
  quotas: quotasSchema.default({ defaults: {}, projects: {} }),
  config: configSchema,
})
export type State = z.infer<typeof stateSchema>

