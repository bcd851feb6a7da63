// The server lifecycle in one table: which action Nova allows in which state
// (nova/compute/api.py's @check_instance_state), the task_state an accepted
// action sets, where it leads on success, and Nova's (vm_state, task_state) ->
// status mapping (nova/api/openstack/common.py). Server state changes only
// through the functions here, so a misspelled state fails to compile.
import { ConflictError } from '../errors.js'
import { POWER_STATE } from '../store/constants.js'
import type { Server } from '../store/schema.js'

/** Nova's vm_states (the values of nova/objects/fields.py InstanceState: soft delete is 'soft-delete'). */
export const VM_STATES = [
  'active', 'building', 'paused', 'suspended', 'stopped', 'rescued', 'resized',
  'soft-delete', 'deleted', 'error', 'shelved', 'shelved_offloaded',
] as const
export type VmState = (typeof VM_STATES)[number]

/** Nova's task_states (nova/compute/task_states.py). */
export const TASK_STATES = [
  'scheduling', 'block_device_mapping', 'networking', 'spawning',
  'image_snapshot', 'image_snapshot_pending', 'image_pending_upload', 'image_uploading', 'image_backup',
  'updating_password',
  'resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish', 'resize_reverting', 'resize_confirming',
  'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard',
  'pausing', 'unpausing', 'suspending', 'resuming', 'powering-off', 'powering-on',
  'rescuing', 'unrescuing', 'rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning',
  'migrating', 'deleting', 'soft-deleting', 'restoring',
  'shelving', 'shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading', 'unshelving',
] as const
export type TaskState = (typeof TASK_STATES)[number]

/** The statuses an operator sees. */
export type ServerStatus =
  | 'ACTIVE' | 'BUILD' | 'REBOOT' | 'HARD_REBOOT' | 'PASSWORD' | 'REBUILD' | 'MIGRATING' | 'RESIZE'
  | 'VERIFY_RESIZE' | 'REVERT_RESIZE' | 'PAUSED' | 'SUSPENDED' | 'SHUTOFF' | 'RESCUE' | 'ERROR'
  | 'DELETED' | 'SOFT_DELETED' | 'SHELVED' | 'SHELVED_OFFLOADED' | 'UNKNOWN'

export type PowerState = (typeof POWER_STATE)[keyof typeof POWER_STATE]

const REBOOT_SOFT: readonly TaskState[] = ['rebooting', 'reboot_pending', 'reboot_started']
const REBOOT_HARD: readonly TaskState[] = ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard']
const RESIZING: readonly TaskState[] = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish']
const REBUILDING: readonly TaskState[] = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning']

const map = (states: readonly TaskState[], status: ServerStatus) => Object.fromEntries(states.map((s) => [s, status]))

// Nova's _STATE_MAP: per vm_state a default status and task_state overrides.
const STATE_MAP: Record<VmState, { default: ServerStatus } & Partial<Record<TaskState, ServerStatus>>> = {
  active: {
    default: 'ACTIVE',
    ...map(REBOOT_SOFT, 'REBOOT'),
    ...map(REBOOT_HARD, 'HARD_REBOOT'),
    updating_password: 'PASSWORD',
    ...map(REBUILDING, 'REBUILD'),
    migrating: 'MIGRATING',
    ...map(RESIZING, 'RESIZE'),
  },
  building: { default: 'BUILD' },
  stopped: { default: 'SHUTOFF', ...map(RESIZING, 'RESIZE'), ...map(REBUILDING, 'REBUILD') },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', ...map(REBUILDING, 'REBUILD') },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
}

/** The status for a (vm_state, task_state) pair, as Nova's API reports it. */
export function serverStatus(server: Pick<Server, 'vmState' | 'taskState'>): ServerStatus {
  const entry = STATE_MAP[server.vmState]
  if (!entry) return 'UNKNOWN'
  return (server.taskState && entry[server.taskState]) || entry.default
}

/** Every server action, by Nova's names where it has one. */
export const SERVER_ACTIONS = [
  'create', 'delete', 'force_delete', 'start', 'stop', 'reboot_soft', 'reboot_hard', 'pause', 'unpause',
  'suspend', 'resume', 'lock', 'unlock', 'update', 'rebuild', 'resize', 'confirm_resize', 'revert_resize',
  'migrate', 'live_migrate', 'rescue', 'unrescue', 'snapshot', 'shelve', 'shelve_offload', 'unshelve', 'evacuate',
] as const
export type ServerAction = (typeof SERVER_ACTIONS)[number]

/** Where an action leads when it succeeds. `keep` leaves vm_state as it was. */
interface ActionEnd {
  vmState: VmState | 'keep'
  powerState?: PowerState
}

/** One row of the lifecycle table. */
export interface ActionRule {
  /** vm_states that allow the action; null: any. */
  vmStates: readonly VmState[] | null
  /** task_states that allow it (null in the list is "no task"); null: any. */
  taskStates: readonly (TaskState | null)[] | null
  /** Refused for a server that never launched (Nova's must_have_launched). */
  mustHaveLaunched: boolean
  /** The task_state set when the action is accepted; null for actions done at once (lock, update). */
  taskState: TaskState | null
  /** The state on success. */
  end: ActionEnd
}

const NO_TASK = [null] as const
const ALLOW_SOFT_REBOOT: readonly VmState[] = ['active']
const ALLOW_HARD_REBOOT: readonly VmState[] = ['active', 'stopped', 'paused', 'suspended', 'error']
// task_states.ALLOW_REBOOT: a hard reboot may interrupt these. Not reboot_pending_hard or
// reboot_started_hard: once the compute host has begun a hard reboot, another is refused.
const ALLOW_REBOOT: readonly (TaskState | null)[] = [
  null, 'rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard', 'unpausing', 'pausing', 'suspending',
]
const RUNNING = POWER_STATE.RUNNING
const rule = (vmStates: readonly VmState[] | null, taskState: TaskState | null, end: ActionEnd, more: Partial<ActionRule> = {}): ActionRule => ({
  vmStates, taskStates: NO_TASK, mustHaveLaunched: true, taskState, end, ...more,
})

/** The lifecycle table. `resize`/`migrate` end in VERIFY_RESIZE; confirm and revert return to the state before (`previousVmState`). */
export const LIFECYCLE: Record<ServerAction, ActionRule> = {
  create: rule(null, 'scheduling', { vmState: 'active', powerState: RUNNING }, { taskStates: null, mustHaveLaunched: false }),
  delete: rule(null, 'deleting', { vmState: 'deleted', powerState: POWER_STATE.NOSTATE }, { taskStates: null, mustHaveLaunched: false }),
  force_delete: rule(null, 'deleting', { vmState: 'deleted', powerState: POWER_STATE.NOSTATE }, { taskStates: null, mustHaveLaunched: false }),
  start: rule(['stopped'], 'powering-on', { vmState: 'active', powerState: RUNNING }),
  // Nova's stop (and force_stop under it) also accepts an ERROR server.
  stop: rule(['active', 'error'], 'powering-off', { vmState: 'stopped', powerState: POWER_STATE.SHUTDOWN }),
  reboot_soft: rule(ALLOW_SOFT_REBOOT, 'rebooting', { vmState: 'active', powerState: RUNNING }),
  reboot_hard: rule(ALLOW_HARD_REBOOT, 'rebooting_hard', { vmState: 'active', powerState: RUNNING }, { taskStates: ALLOW_REBOOT }),
  pause: rule(['active'], 'pausing', { vmState: 'paused', powerState: POWER_STATE.PAUSED }),
  unpause: rule(['paused'], 'unpausing', { vmState: 'active', powerState: RUNNING }),
  suspend: rule(['active'], 'suspending', { vmState: 'suspended', powerState: POWER_STATE.SUSPENDED }),
  resume: rule(['suspended'], 'resuming', { vmState: 'active', powerState: RUNNING }),
  // Lock, unlock and update are not state-checked in Nova; they change no task_state. (Nova's
  // update_instance does not even check the lock; homenova's lock rule in refusal() does.)
  lock: rule(null, null, { vmState: 'keep' }, { taskStates: null, mustHaveLaunched: false }),
  unlock: rule(null, null, { vmState: 'keep' }, { taskStates: null, mustHaveLaunched: false }),
  update: rule(null, null, { vmState: 'keep' }, { taskStates: null, mustHaveLaunched: false }),
  // Nova ends a rebuild ACTIVE, or STOPPED if it was stopped (manager._do_rebuild_instance stops
  // it again): a rebuilt ERROR server ends ACTIVE, so pass vmStateBefore 'active' for it.
  rebuild: rule(['active', 'stopped', 'error'], 'rebuilding', { vmState: 'keep' }),
  resize: rule(['active', 'stopped'], 'resize_prep', { vmState: 'resized' }),
  // Nova's confirm_resize sets no task_state (it marks the migration 'confirming'; RESIZE_CONFIRMING
  // is never set in Zed). homenova sets it so the task_state check keeps a revert out meanwhile.
  confirm_resize: rule(['resized'], 'resize_confirming', { vmState: 'keep' }),
  revert_resize: rule(['resized'], 'resize_reverting', { vmState: 'keep' }),
  migrate: rule(['active', 'stopped'], 'resize_prep', { vmState: 'resized' }),
  // Nova's live_migrate: a running or paused guest moves with its memory; it ends as it was.
  live_migrate: rule(['active', 'paused'], 'migrating', { vmState: 'keep' }),
  rescue: rule(['active', 'stopped', 'error'], 'rescuing', { vmState: 'rescued', powerState: RUNNING }),
  unrescue: rule(['rescued'], 'unrescuing', { vmState: 'active', powerState: RUNNING }),
  // Nova's API sets image_snapshot_pending; the compute manager moves it to image_snapshot.
  // Nova does not check the lock for snapshot; homenova does.
  snapshot: rule(['active', 'stopped', 'paused', 'suspended'], 'image_snapshot_pending', { vmState: 'keep' }),
  // Ends offloaded: Nova's default shelved_offload_time = 0 offloads at once.
  shelve: rule(['active', 'stopped', 'paused', 'suspended'], 'shelving', { vmState: 'shelved_offloaded', powerState: POWER_STATE.SHUTDOWN }),
  shelve_offload: rule(['shelved'], 'shelving_offloading', { vmState: 'shelved_offloaded', powerState: POWER_STATE.SHUTDOWN }),
  // Nova keeps the decorator's default must_have_launched=True (launched_at survives an offload).
  unshelve: rule(['shelved', 'shelved_offloaded'], 'unshelving', { vmState: 'active', powerState: RUNNING }),
  // A rebuild on another host; like rebuild it ends ACTIVE, or STOPPED if it was stopped.
  evacuate: rule(['active', 'stopped', 'error'], 'rebuilding', { vmState: 'keep' }),
}

/** The action's name as an operator types it (`reboot --hard`, `resize confirm`). */
export function actionLabel(action: ServerAction): string {
  return action.replace('reboot_soft', 'reboot --soft').replace('reboot_hard', 'reboot --hard').replace('_', ' ')
}

const describe = (vm: VmState, task: TaskState | null) => `${serverStatus({ vmState: vm, taskState: task })} (vm_state ${vm}, task_state ${task ?? 'none'})`

/** Why `action` is refused for `server` right now, or null if it is allowed. */
export function refusal(server: Server, action: ServerAction): string | null {
  const r = LIFECYCLE[action]
  const label = actionLabel(action)
  // Nova's evacuate is not lock-checked: a dead host's servers must be recoverable by the admin.
  if (server.locked && action !== 'unlock' && action !== 'lock' && action !== 'evacuate') {
    return `Server ${server.name} is locked${server.lockedReason ? ` (${server.lockedReason})` : ''}; unlock it first (homenova server unlock ${server.name})`
  }
  if (server.vmState === 'deleted') return `Server ${server.name} is deleted`
  const vmOk = r.vmStates === null || r.vmStates.includes(server.vmState)
  const taskOk = r.taskStates === null || r.taskStates.includes(server.taskState)
  if (vmOk && taskOk && (!r.mustHaveLaunched || server.launchedAt)) return null
  const now = describe(server.vmState, server.taskState)
  if (vmOk && taskOk) return `Cannot ${label} server ${server.name}: it has never been launched`
  const vms = r.vmStates === null ? 'any vm_state' : `vm_state ${r.vmStates.join(' or ')}`
  const tasks = r.taskStates === null ? '' : ` and task_state ${r.taskStates.map((t) => t ?? 'none').join(' or ')}`
  return `Cannot ${label} server ${server.name} while it is ${now}; ${label} is allowed with ${vms}${tasks}`
}

/** Throws a ConflictError naming the current state and the allowed ones unless `action` is allowed. */
export function checkAction(server: Server, action: ServerAction): void {
  const why = refusal(server, action)
  if (why) throw new ConflictError(why, hintFor(server, action))
}

function hintFor(server: Server, action: ServerAction): string {
  if (server.taskState) return `Wait until the current ${server.taskState} task ends (homenova server show ${server.name}).`
  if (action === 'start' && server.vmState !== 'stopped') return 'It is not stopped.'
  return 'See `homenova server show` for its state.'
}

/** Accepts `action`: checks the table and sets the task_state (the compare-and-swap is this check inside the transaction). */
export function beginAction(server: Server, action: ServerAction, now: string): void {
  checkAction(server, action)
  server.taskState = LIFECYCLE[action].taskState
  server.updatedAt = now
}

/** Ends `action` successfully: the table's end state, task_state cleared, fault dropped. */
export function completeAction(server: Server, action: ServerAction, now: string, vmStateBefore?: VmState): void {
  const end = LIFECYCLE[action].end
  const vmState = end.vmState === 'keep' ? (vmStateBefore ?? server.vmState) : end.vmState
  setServerState(server, { vmState, taskState: null, ...(end.powerState !== undefined ? { powerState: end.powerState } : {}) }, now)
  if (action !== 'delete' && action !== 'force_delete') delete server.fault
}

/** The one way to change a server's vm_state, task_state or power_state. */
export function setServerState(server: Server, next: { vmState?: VmState; taskState?: TaskState | null; powerState?: PowerState }, now: string): void {
  if (next.vmState !== undefined) server.vmState = next.vmState
  if (next.taskState !== undefined) server.taskState = next.taskState
  if (next.powerState !== undefined) server.powerState = next.powerState
  server.updatedAt = now
}

/**
 * Nova's NoValidHost for a move, an unshelve or an evacuation: the server stays
 * as it was, with no task and the fault; returns the task's error message.
 */
export function noValidHost(server: Server, details: string, now: string): string {
  setServerState(server, { taskState: null }, now)
  server.fault = { code: 500, message: 'No valid host was found.', details, at: now }
  return `No valid host was found. ${details}`
}

/** Marks a server ERROR with Nova's instance fault and no task. */
export function failServer(server: Server, now: string, message: string, details?: string): void {
  setServerState(server, { vmState: 'error', taskState: null }, now)
  server.fault = { code: 500, message, ...(details ? { details } : {}), at: now }
}
