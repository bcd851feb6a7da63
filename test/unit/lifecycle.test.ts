// The lifecycle table checked against Nova itself. Everything "Nova" below is written out
// literally from Nova Zed (26.x, Debian 12's python3-nova), independently of lifecycle.ts:
//   nova/compute/api.py          @check_instance_state(vm_state=None, task_state=(None,), must_have_launched=True)
//   nova/compute/vm_states.py    ALLOW_SOFT_REBOOT, ALLOW_HARD_REBOOT
//   nova/compute/task_states.py  ALLOW_REBOOT
//   nova/compute/manager.py      the vm_state and power_state an action ends in
//   nova/api/openstack/common.py _STATE_MAP, status_from_state
// Then every action is tried in every (vm_state, task_state) pair, launched or not, locked or not.
import { describe, expect, it } from 'vitest'
import { ConflictError } from '../../src/core/errors.js'
import {
  LIFECYCLE, SERVER_ACTIONS, TASK_STATES, VM_STATES,
  beginAction, checkAction, completeAction, refusal, serverStatus, setServerState,
  type ServerAction, type ServerStatus, type TaskState, type VmState,
} from '../../src/core/model/lifecycle.js'
import type { Server } from '../../src/core/store/schema.js'

// ---------------------------------------------------------------------------------------------
// Nova, written out

/** nova/objects/fields.py InstanceState.ALL (the values; soft delete is 'soft-delete'). */
const NOVA_VM_STATES: readonly VmState[] = [
  'active', 'building', 'paused', 'suspended', 'stopped', 'rescued', 'resized',
  'soft-delete', 'deleted', 'error', 'shelved', 'shelved_offloaded',
]

/** nova/objects/fields.py InstanceTaskState.ALL, plus None (no task). */
const NOVA_TASK_STATES: readonly (TaskState | null)[] = [
  null,
  'scheduling', 'block_device_mapping', 'networking', 'spawning',
  'image_snapshot', 'image_snapshot_pending', 'image_pending_upload', 'image_uploading', 'image_backup',
  'updating_password',
  'resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish', 'resize_reverting', 'resize_confirming',
  'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard',
  'pausing', 'unpausing', 'suspending', 'resuming', 'powering-off', 'powering-on',
  'rescuing', 'unrescuing', 'rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning',
  'migrating', 'deleting', 'soft-deleting', 'restoring',
  'shelving', 'shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading', 'unshelving',
]

/** nova/compute/power_state.py */
const NOSTATE = 0, RUNNING = 1, PAUSED = 3, SHUTDOWN = 4, SUSPENDED = 7

/**
 * One Nova API method: its @check_instance_state arguments (null: the decorator's None, any),
 * the task_state the API sets when it accepts, and where nova/compute/manager.py leaves the server.
 * end: a vm_state, 'unchanged' (vm_state untouched), or 'before' (back to the state given as
 * vmStateBefore: the state before the resize for confirm/revert; for rebuild Nova's
 * "ACTIVE, or STOPPED if it was stopped").
 */
interface NovaRule {
  vm: readonly VmState[] | null
  task: readonly (TaskState | null)[] | null
  mustHaveLaunched: boolean
  sets: TaskState | null
  end: VmState | 'unchanged' | 'before'
  power?: number
}

const NO_TASK = [null] as const
/** vm_states.ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [STOPPED, PAUSED, SUSPENDED, ERROR] */
const ALLOW_HARD_REBOOT: readonly VmState[] = ['active', 'stopped', 'paused', 'suspended', 'error']
/** task_states.ALLOW_REBOOT (note: not reboot_pending_hard nor reboot_started_hard) */
const ALLOW_REBOOT: readonly (TaskState | null)[] = [
  null, 'rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard', 'unpausing', 'pausing', 'suspending',
]

const NOVA: Record<ServerAction, NovaRule> = {
  // API.create: no check_instance_state (there is no instance yet); sets vm_state building, task scheduling.
  create: { vm: null, task: null, mustHaveLaunched: false, sets: 'scheduling', end: 'active', power: RUNNING },
  // API.delete: @check_instance_state(vm_state=None, task_state=None, must_have_launched=False); _delete sets DELETING.
  delete: { vm: null, task: null, mustHaveLaunched: false, sets: 'deleting', end: 'deleted', power: NOSTATE },
  // API.force_delete: @check_instance_state(task_state=None, must_have_launched=False).
  force_delete: { vm: null, task: null, mustHaveLaunched: false, sets: 'deleting', end: 'deleted', power: NOSTATE },
  // API.start: @check_instance_state(vm_state=[STOPPED]); sets POWERING_ON.
  start: { vm: ['stopped'], task: NO_TASK, mustHaveLaunched: true, sets: 'powering-on', end: 'active', power: RUNNING },
  // API.stop: @check_instance_state(vm_state=[ACTIVE, ERROR]); force_stop sets POWERING_OFF.
  stop: { vm: ['active', 'error'], task: NO_TASK, mustHaveLaunched: true, sets: 'powering-off', end: 'stopped', power: SHUTDOWN },
  // API._soft_reboot: @check_instance_state(vm_state=set(ALLOW_SOFT_REBOOT), task_state=[None]); sets REBOOTING.
  reboot_soft: { vm: ['active'], task: NO_TASK, mustHaveLaunched: true, sets: 'rebooting', end: 'active', power: RUNNING },
  // API._hard_reboot: @check_instance_state(vm_state=set(ALLOW_HARD_REBOOT), task_state=ALLOW_REBOOT); sets REBOOTING_HARD.
  reboot_hard: { vm: ALLOW_HARD_REBOOT, task: ALLOW_REBOOT, mustHaveLaunched: true, sets: 'rebooting_hard', end: 'active', power: RUNNING },
  // API.pause: @check_instance_state(vm_state=[ACTIVE]); sets PAUSING.
  pause: { vm: ['active'], task: NO_TASK, mustHaveLaunched: true, sets: 'pausing', end: 'paused', power: PAUSED },
  // API.unpause: @check_instance_state(vm_state=[PAUSED]); sets UNPAUSING.
  unpause: { vm: ['paused'], task: NO_TASK, mustHaveLaunched: true, sets: 'unpausing', end: 'active', power: RUNNING },
  // API.suspend: @check_instance_state(vm_state=[ACTIVE]); sets SUSPENDING.
  suspend: { vm: ['active'], task: NO_TASK, mustHaveLaunched: true, sets: 'suspending', end: 'suspended', power: SUSPENDED },
  // API.resume: @check_instance_state(vm_state=[SUSPENDED]); sets RESUMING; manager restores old_vm_state (ACTIVE).
  resume: { vm: ['suspended'], task: NO_TASK, mustHaveLaunched: true, sets: 'resuming', end: 'active', power: RUNNING },
  // API.lock / API.unlock: no state check, no task_state.
  lock: { vm: null, task: null, mustHaveLaunched: false, sets: null, end: 'unchanged' },
  unlock: { vm: null, task: null, mustHaveLaunched: false, sets: null, end: 'unchanged' },
  // API.update_instance (server update: name, description): no state check, no task_state.
  update: { vm: null, task: null, mustHaveLaunched: false, sets: null, end: 'unchanged' },
  // API.rebuild: @check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR]); sets REBUILDING; manager ends ACTIVE,
  // then stops it again if it was STOPPED.
  rebuild: { vm: ['active', 'stopped', 'error'], task: NO_TASK, mustHaveLaunched: true, sets: 'rebuilding', end: 'before' },
  // API.resize: @check_instance_state(vm_state=[ACTIVE, STOPPED]); sets RESIZE_PREP; finish_resize ends RESIZED.
  resize: { vm: ['active', 'stopped'], task: NO_TASK, mustHaveLaunched: true, sets: 'resize_prep', end: 'resized' },
  // API.confirm_resize: @check_instance_state(vm_state=[RESIZED]). Nova sets no task_state (the migration
  // becomes 'confirming'); homenova sets resize_confirming instead, the one deliberate difference here.
  confirm_resize: { vm: ['resized'], task: NO_TASK, mustHaveLaunched: true, sets: 'resize_confirming', end: 'before' },
  // API.revert_resize: @check_instance_state(vm_state=[RESIZED]); sets RESIZE_REVERTING; ends as before the resize.
  revert_resize: { vm: ['resized'], task: NO_TASK, mustHaveLaunched: true, sets: 'resize_reverting', end: 'before' },
  // Cold migrate is API.resize without a flavor: the same decorator.
  migrate: { vm: ['active', 'stopped'], task: NO_TASK, mustHaveLaunched: true, sets: 'resize_prep', end: 'resized' },
  // API.live_migrate: @check_instance_state(vm_state=[ACTIVE, PAUSED]); sets MIGRATING; the guest ends as it was.
  live_migrate: { vm: ['active', 'paused'], task: NO_TASK, mustHaveLaunched: true, sets: 'migrating', end: 'before' },
  // API.rescue: @check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR]); sets RESCUING.
  rescue: { vm: ['active', 'stopped', 'error'], task: NO_TASK, mustHaveLaunched: true, sets: 'rescuing', end: 'rescued', power: RUNNING },
  // API.unrescue: @check_instance_state(vm_state=[RESCUED]); sets UNRESCUING.
  unrescue: { vm: ['rescued'], task: NO_TASK, mustHaveLaunched: true, sets: 'unrescuing', end: 'active', power: RUNNING },
  // API.snapshot: @check_instance_state(vm_state=[ACTIVE, STOPPED, PAUSED, SUSPENDED]); sets IMAGE_SNAPSHOT_PENDING.
  snapshot: { vm: ['active', 'stopped', 'paused', 'suspended'], task: NO_TASK, mustHaveLaunched: true, sets: 'image_snapshot_pending', end: 'unchanged' },
  // API.shelve: @check_instance_state(vm_state=[ACTIVE, STOPPED, PAUSED, SUSPENDED]); sets SHELVING; with the
  // default shelved_offload_time = 0 the manager offloads at once: SHELVED_OFFLOADED, powered off.
  shelve: { vm: ['active', 'stopped', 'paused', 'suspended'], task: NO_TASK, mustHaveLaunched: true, sets: 'shelving', end: 'shelved_offloaded', power: SHUTDOWN },
  // API.shelve_offload: @check_instance_state(vm_state=[SHELVED]); sets SHELVING_OFFLOADING.
  shelve_offload: { vm: ['shelved'], task: NO_TASK, mustHaveLaunched: true, sets: 'shelving_offloading', end: 'shelved_offloaded', power: SHUTDOWN },
  // API.unshelve: @check_instance_state(vm_state=[SHELVED, SHELVED_OFFLOADED]) (must_have_launched stays True).
  unshelve: { vm: ['shelved', 'shelved_offloaded'], task: NO_TASK, mustHaveLaunched: true, sets: 'unshelving', end: 'active', power: RUNNING },
  // API.evacuate: @check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR], task_state=None); sets REBUILDING;
  // rebuild_instance(recreate=True) ends ACTIVE, or STOPPED if it was stopped. No @check_instance_lock.
  evacuate: { vm: ['active', 'stopped', 'error'], task: NO_TASK, mustHaveLaunched: true, sets: 'rebuilding', end: 'before' },
}

/**
 * Does Nova (plus homenova's own lock rule) accept `action` here?
 * - A deleted instance is not found by Nova's API at all (InstanceNotFound, 404): nothing is allowed.
 * - homenova: a locked server refuses all but lock and unlock, for admins too (Nova lets admins through);
 *   evacuate is the exception, as in Nova, which does not lock-check it: a dead host's servers must be recoverable.
 */
function expectedAllowed(action: ServerAction, vm: VmState, task: TaskState | null, launched: boolean, locked: boolean): boolean {
  if (vm === 'deleted') return false
  if (locked && action !== 'evacuate') return action === 'lock' || action === 'unlock'
  const r = NOVA[action]
  if (r.vm !== null && !r.vm.includes(vm)) return false
  if (r.task !== null && !r.task.includes(task)) return false
  if (r.mustHaveLaunched && !launched) return false
  return true
}

/** nova/api/openstack/common.py _STATE_MAP, literally. */
const NOVA_STATE_MAP: Record<string, Record<string, ServerStatus>> = {
  active: {
    default: 'ACTIVE',
    rebooting: 'REBOOT', reboot_pending: 'REBOOT', reboot_started: 'REBOOT',
    rebooting_hard: 'HARD_REBOOT', reboot_pending_hard: 'HARD_REBOOT', reboot_started_hard: 'HARD_REBOOT',
    updating_password: 'PASSWORD',
    rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD',
    migrating: 'MIGRATING',
    resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
    rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD',
  },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
}

/** status_from_state(vm_state, task_state): task_map.get(task_state, task_map['default']). */
function novaStatus(vm: string, task: string | null): ServerStatus {
  const taskMap = NOVA_STATE_MAP[vm] ?? { default: 'UNKNOWN' }
  return (task !== null ? taskMap[task] : undefined) ?? taskMap.default!
}

// ---------------------------------------------------------------------------------------------
// Servers

const T0 = '2024-01-01T00:00:00.000Z'
const NOW = '2024-01-02T00:00:00.000Z'

/** A server with what the lifecycle reads; cast so that schema fields added elsewhere do not break it. */
function server(over: { vmState?: VmState; taskState?: TaskState | null; launched?: boolean; locked?: boolean; lockedReason?: string; powerState?: number } = {}): Server {
  const s = {
    id: 'srv-1',
    name: 'web1',
    vmState: over.vmState ?? 'active',
    taskState: over.taskState ?? null,
    powerState: over.powerState ?? RUNNING,
    locked: over.locked ?? false,
    createdAt: T0,
    updatedAt: T0,
    fault: { code: 500, message: 'earlier failure', at: T0 },
  } as Server
  if (over.launched ?? true) s.launchedAt = T0
  if (over.lockedReason !== undefined) s.lockedReason = over.lockedReason
  return s
}

const yesNo = (b: boolean, word: string) => (b ? word : `not ${word}`)

// ---------------------------------------------------------------------------------------------

describe('the lifecycle table against Nova', () => {
  it('knows exactly Nova\'s vm_states and task_states', () => {
    expect([...VM_STATES].sort()).toEqual([...NOVA_VM_STATES].sort())
    expect([...TASK_STATES].sort()).toEqual(NOVA_TASK_STATES.filter((t) => t !== null).sort())
    expect([...SERVER_ACTIONS].sort()).toEqual(Object.keys(NOVA).sort())
  })

  // action x 12 vm_states x 43 task_states (with none) x launched/not x locked/not
  it.each(SERVER_ACTIONS.map((a) => [a]))('%s: allowed exactly where Nova allows it, in every state', (action) => {
    const mismatches: string[] = []
    let checked = 0
    for (const vm of NOVA_VM_STATES) {
      for (const task of NOVA_TASK_STATES) {
        for (const launched of [true, false]) {
          for (const locked of [false, true]) {
            const why = refusal(server({ vmState: vm, taskState: task, launched, locked }), action)
            const want = expectedAllowed(action, vm, task, launched, locked)
            checked++
            if ((why === null) !== want) {
              mismatches.push(`  ${action} in vm_state ${vm}, task_state ${task ?? 'none'}, ${yesNo(launched, 'launched')}, ${yesNo(locked, 'locked')}: ` +
                (want ? `Nova allows it, homenova refuses: ${why}` : 'Nova refuses it, homenova allows it'))
            }
          }
        }
      }
    }
    expect(checked).toBe(NOVA_VM_STATES.length * NOVA_TASK_STATES.length * 4)
    expect(mismatches, `${mismatches.length} of ${checked} states disagree with Nova:\n${mismatches.slice(0, 60).join('\n')}`).toEqual([])
  })

  it('reports the status Nova\'s status_from_state does, for every (vm_state, task_state)', () => {
    const mismatches: string[] = []
    for (const vm of NOVA_VM_STATES) {
      for (const task of NOVA_TASK_STATES) {
        const got = serverStatus({ vmState: vm, taskState: task })
        const want = novaStatus(vm, task)
        if (got !== want) mismatches.push(`  (${vm}, ${task ?? 'none'}): homenova ${got}, Nova ${want}`)
      }
    }
    expect(mismatches, `status disagrees with Nova:\n${mismatches.join('\n')}`).toEqual([])
  })

  it.each(SERVER_ACTIONS.map((a) => [a]))('%s: sets the task_state Nova sets and ends where Nova\'s manager ends', (action) => {
    const nova = NOVA[action]
    const table = LIFECYCLE[action]
    expect(table.taskState).toBe(nova.sets)
    expect(table.end.vmState).toBe(nova.end === 'unchanged' || nova.end === 'before' ? 'keep' : nova.end)
    expect(table.end.powerState).toBe(nova.power)
  })
})

describe('refusals', () => {
  it('name the current status and the allowed states', () => {
    const why = refusal(server({ vmState: 'stopped', powerState: SHUTDOWN }), 'stop')
    expect(why).toContain('SHUTOFF')
    expect(why).toContain('active or error')
    expect(why).toContain('web1')
  })

  it('name the task in progress and the allowed task_states', () => {
    const why = refusal(server({ vmState: 'active', taskState: 'powering-off' }), 'reboot_soft')
    expect(why).toContain('powering-off')
    expect(why).toContain('task_state none')
  })

  it('say when a server never launched', () => {
    expect(refusal(server({ vmState: 'active', launched: false }), 'pause')).toMatch(/never been launched/)
  })

  it('checkAction throws a ConflictError with the reason and a hint', () => {
    const s = server({ vmState: 'stopped' })
    let caught: unknown
    try {
      checkAction(s, 'stop')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConflictError)
    expect((caught as ConflictError).message).toBe(refusal(s, 'stop'))
    expect((caught as ConflictError).hint).toBeTruthy()
    expect(() => checkAction(server({ vmState: 'stopped' }), 'start')).not.toThrow()
  })

  it('a locked server refuses everything but lock, unlock and evacuate, with the lock reason', () => {
    const s = server({ vmState: 'active', locked: true, lockedReason: 'tax records, do not touch' })
    for (const action of SERVER_ACTIONS) {
      const why = refusal(s, action)
      if (action === 'lock' || action === 'unlock' || action === 'evacuate') {
        expect(why, action).toBeNull()
      } else {
        expect(why, action).toContain('locked')
        expect(why, action).toContain('tax records, do not touch')
        expect(() => checkAction(s, action), action).toThrow(ConflictError)
      }
    }
  })
})

describe('state changes', () => {
  // Every action from every vm_state Nova accepts it in (no task, launched, unlocked).
  const starts = SERVER_ACTIONS.flatMap((action) =>
    NOVA_VM_STATES.filter((vm) => expectedAllowed(action, vm, null, true, false)).map((vm) => [action, vm] as const))

  it.each(starts)('%s from %s: begin sets the task_state, complete ends in the end state with no task and no fault', (action, vm) => {
    const s = server({ vmState: vm, powerState: 9 })
    beginAction(s, action, NOW)
    expect(s.taskState).toBe(LIFECYCLE[action].taskState)
    expect(s.updatedAt).toBe(NOW)

    // The conductor passes where a 'keep' action returns to: the state before the resize for confirm and
    // revert (here: active), and for rebuild Nova's "stopped if it was stopped, else active".
    const nova = NOVA[action]
    const before: VmState | undefined = nova.end !== 'before' ? undefined
      : action === 'rebuild' ? (vm === 'stopped' ? 'stopped' : 'active') : 'active'
    completeAction(s, action, NOW, before)
    const want = nova.end === 'unchanged' ? vm : nova.end === 'before' ? before : nova.end
    expect(s.vmState).toBe(want)
    expect(s.taskState).toBeNull()
    expect(s.powerState).toBe(nova.power ?? 9)
    if (action === 'delete' || action === 'force_delete') expect(s.fault).toBeDefined()
    else expect(s.fault).toBeUndefined()
  })

  it('beginAction refuses, and changes nothing, where the table refuses', () => {
    const s = server({ vmState: 'stopped', powerState: SHUTDOWN })
    expect(() => beginAction(s, 'stop', NOW)).toThrow(ConflictError)
    expect(s.taskState).toBeNull()
    expect(s.updatedAt).toBe(T0)
  })

  it('setServerState accepts only real states (a misspelling fails to compile)', () => {
    const s = server()
    setServerState(s, { vmState: 'stopped', taskState: null, powerState: SHUTDOWN }, NOW)
    expect(s.vmState).toBe('stopped')
    expect(s.powerState).toBe(SHUTDOWN)
    expect(s.updatedAt).toBe(NOW)
    // Only the type checker (npm run lint) sees these; if a typo were accepted, tsc fails on the unused directive.
    const typos = () => {
      // @ts-expect-error 'actve' is not a vm_state
      setServerState(s, { vmState: 'actve' }, NOW)
      // @ts-expect-error 'powering_off' is not a task_state (Nova's is 'powering-off')
      setServerState(s, { taskState: 'powering_off' }, NOW)
    }
    expect(typeof typos).toBe('function')
  })
})
