// The shape of homenova's state file, as a zod schema so every write is checked.
// Names follow Nova's where Nova has one (vm_state, task_state, resource classes).
import { z } from 'zod'
import { GROUP_POLICIES, RESOURCE_CLASSES, SCHEMA_VERSION, TASK_STATES, VM_STATES } from './constants.js'


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

/** A compute host, which is also a resource provider. */
export const hostSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.enum(['libvirt', 'fake']),
  connection: connectionSchema,
  uri: z.string(),
  virtType: z.enum(['kvm', 'qemu']),
  instancesDir: z.string(),
  status: z.enum(['up', 'down']),
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  inventory: z.object({ VCPU: inventorySchema, MEMORY_MB: inventorySchema, DISK_GB: inventorySchema }),
  /** What the host reported at the last probe (CPU, hypervisor, free disk, tools). */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Placement traits: discovered ones (HW_CPU_X86_*, COMPUTE_*) and operator-set CUSTOM_* ones. */
  traits: z.array(z.string()),
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
  status: z.enum(['active']),
  diskFormat: z.enum(['qcow2', 'raw']),
  containerFormat: z.literal('bare'),
  size: z.number().int().nonnegative(),
  virtualSize: z.number().int().nonnegative(),
  checksum: z.string(),
  file: z.string(),
  properties: z.record(z.string(), z.string()),
  createdAt: isoTime,
})
export type Image = z.infer<typeof imageSchema>

export type VmState = (typeof VM_STATES)[number]
export type TaskState = (typeof TASK_STATES)[number]


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
  /** The zone asked for at create (null: any), as Nova keeps it in the request spec. */
  availabilityZone: z.string().nullable(),
  /** Scheduler hints given at create, kept for later moves (different_host, group...). */
  hints: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
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

/** A durable unit of work for the conductor; each finished step is recorded before the next starts. */
export const taskSchema = z.object({
  id: z.string(),
  /** schedule: place every server of one request (claims); build: spawn one placed server; delete. */
  kind: z.enum(['schedule', 'build', 'delete']),
  /** The server worked on; for a schedule task, the first of `batch`. */
  serverId: z.string(),
  /** schedule: every server of the request, placed together or not at all. */
  batch: z.array(z.string()).optional(),
  /** schedule: what was asked beyond the servers' own records. */
  request: z.object({ forcedHost: z.string().optional() }).optional(),
  /** build: hosts (ids) the scheduler chose as alternates, tried in order if the build fails. */
  alternates: z.array(z.string()).optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  steps: z.array(z.object({ name: z.string(), at: isoTime, detail: z.string().optional() })),
  lease: leaseSchema.nullable(),
  takeovers: z.number().int().nonnegative(),
  error: z.string().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type Task = z.infer<typeof taskSchema>

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

/** Cloud-wide settings, as nova.conf's [filter_scheduler] and [scheduler] sections and the allocation ratios. */
export const configSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
export type Config = z.infer<typeof configSchema>

/** A simulated domain on a fake host, kept in the store so separate processes agree. */
export const fakeDomainSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  state: z.enum(['running', 'shutoff']),
  consoleLog: z.string(),
})
export type FakeDomain = z.infer<typeof fakeDomainSchema>

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
  fakeDomains: z.array(fakeDomainSchema),
  aggregates: z.array(aggregateSchema),
  serverGroups: z.array(serverGroupSchema),
  config: configSchema,
})
export type State = z.infer<typeof stateSchema>

