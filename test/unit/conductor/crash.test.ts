// Every workflow killed at each of its points, then taken over by a new
// conductor once the dead one's lease runs out. By Nova's _init_instance
// rules: an interrupted build ends ERROR holding nothing; a delete, stop,
// start, pause, suspend... is redone; a soft reboot becomes a hard one. No
// server is left with a task_state nobody works on, and nothing leaks.
import { describe, expect, it } from 'vitest'
import type { StepPoint } from '../../../src/core/conductor/context.js'
import type { PowerAction } from '../../../src/core/api/compute-api.js'
import type { State } from '../../../src/core/store/schema.js'
import { freezeAt, harness, type Harness } from '../../helpers/harness.js'

const PHASES: StepPoint['phase'][] = ['before-io', 'before-commit', 'after-commit']

/** The invariants after recovery: no open task, no task_state, allocations and domains match the servers. */
function expectConsistent(state: State): void {
  expect(state.tasks.filter((t) => t.status === 'queued' || t.status === 'running')).toEqual([])
  for (const s of state.servers) {
    expect(s.taskState, `${s.name} task_state`).toBeNull()
    const allocations = state.allocations.filter((a) => a.consumerId === s.id)
    const domain = state.fakeDomains.find((d) => d.name === s.domainName)
    if (s.vmState === 'deleted' || s.host === null) {
      expect(allocations, `${s.name} allocations`).toEqual([])
      expect(domain, `${s.name} domain`).toBeUndefined()
    } else {
      expect(allocations.map((a) => a.providerId), `${s.name} allocations`).toEqual([s.host])
    }
    const moving = state.allocations.filter((a) => a.consumerId === `migration-${s.id}`)
    expect(moving.map((a) => a.providerId), `${s.name} migration claim`).toEqual(s.migration ? [s.migration.sourceHost] : [])
  }
  // Cached images (_base/<sha256>) stay on a host after its servers go, as on a real host.
  for (const d of state.fakeDomains.filter((x) => !x.name.startsWith('_base/'))) {
    const owner = state.servers.find((s) => s.domainName === d.name && s.vmState !== 'deleted')
    // A domain belongs on its server's host, on the source of a move that keeps its files
    // there, or on a dead host it was evacuated from (removed when that host is back).
    const evacuatedFrom = state.hosts.find((h) => h.id === d.hostId)?.evacuated?.some((e) => e.serverId === owner?.id)
    expect(owner && (owner.host === d.hostId || owner.migration?.sourceHost === d.hostId || evacuatedFrom), `leaked ${d.name} on ${d.hostId}`).toBe(true)
  }
  // A dead host's claim for an evacuated server stays exactly while the host records it.
  const kept = state.allocations.filter((a) => a.consumerId.startsWith('evacuation-')).map((a) => a.consumerId).sort()
  expect(kept).toEqual(state.hosts.flatMap((h) => (h.evacuated ?? []).map((e) => `evacuation-${e.serverId}-${h.id}`)).sort())
}

/** Runs the queued work with a conductor frozen at `point`, then recovers it with a fresh one. */
async function killAt(h: Harness, kind: string, step: string, phase: StepPoint['phase']): Promise<boolean> {
  const freeze = freezeAt((p) => p.kind === kind && p.step === step && p.phase === phase)
  const dead = h.services.conductor({ hooks: freeze.hooks })
  void dead.drain()
  const reached = await Promise.race([freeze.reached.then(() => true), settle(dead)])
  dead.halt()
  h.expireLeases()
  await h.services.conductor().drain()
  return reached
}

// Lets the conductor run for a while; false if it never reached the freeze point.
async function settle(_conductor: unknown): Promise<false> {
  await new Promise((r) => setTimeout(r, 3000))
  return false
}

async function activeServer(h: Harness, name = 'vm') {
  const { handle } = await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })
  await handle.wait()
  return h.server(name)
}

describe('a build killed at each point', () => {
  for (const step of ['image', 'spawn']) {
    for (const phase of PHASES) {
      it(`${step}/${phase}: ends ERROR holding nothing, or ACTIVE if it had finished`, async () => {
        const h = await harness()
        await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
        expect(await killAt(h, 'build', step, phase)).toBe(true)
        const server = await h.server('vm')
        const finished = step === 'spawn' && phase === 'after-commit'
        expect(server.vmState).toBe(finished ? 'active' : 'error')
        if (!finished) expect(server.fault?.message).toMatch(/conductor running this build stopped/)
        expectConsistent(await h.services.store.read())
      })
    }
  }
})

describe('a schedule killed at each point', () => {
  for (const phase of PHASES) {
    it(`schedule/${phase}: is redone and the server is built`, async () => {
      const h = await harness()
      await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
      expect(await killAt(h, 'schedule', 'schedule', phase)).toBe(true)
      expect((await h.server('vm')).vmState).toBe('active')
      expectConsistent(await h.services.store.read())
    })
  }
})

describe('a delete killed at each point', () => {
  for (const phase of PHASES) {
    it(`destroy/${phase}: is redone and leaves nothing`, async () => {
      const h = await harness()
      await activeServer(h)
      await h.services.compute.deleteServers(['vm'])
      expect(await killAt(h, 'delete', 'destroy', phase)).toBe(true)
      expect((await h.server('vm')).vmState).toBe('deleted')
      expectConsistent(await h.services.store.read())
    })
  }
})

// [action, the vm_state it starts from (reached first through `setup`), the vm_state it must end in]
const POWER: Array<[PowerAction, PowerAction | null, string]> = [
  ['stop', null, 'stopped'],
  ['start', 'stop', 'active'],
  ['pause', null, 'paused'],
  ['unpause', 'pause', 'active'],
  ['suspend', null, 'suspended'],
  ['resume', 'suspend', 'active'],
  ['reboot_soft', null, 'active'],
  ['reboot_hard', null, 'active'],
]

describe('a power action killed at each point', () => {
  for (const [action, setup, end] of POWER) {
    for (const phase of PHASES) {
      it(`${action}/${phase}: is redone and ends ${end}`, async () => {
        const h = await harness()
        await activeServer(h)
        if (setup) await (await h.services.compute.powerAction(['vm'], setup)).handle.wait()
        await h.services.compute.powerAction(['vm'], action)
        const kind = action.startsWith('reboot') ? 'reboot' : action
        expect(await killAt(h, kind, 'power', phase)).toBe(true)
        const server = await h.server('vm')
        expect(server.vmState).toBe(end)
        const state = await h.services.store.read()
        expectConsistent(state)
        const domain = state.fakeDomains.find((d) => d.name === server.domainName)!
        expect(domain.state).toBe({ active: 'running', stopped: 'shutoff', paused: 'paused', suspended: 'suspended' }[end])
        if (action === 'reboot_soft' && phase !== 'after-commit') {
          // Nova's _init_instance turns an interrupted soft reboot into a hard one.
          expect(state.tasks.find((t) => t.kind === 'reboot')).toMatchObject({ rebootType: 'hard', takeovers: 1 })
        }
      })
    }
  }
})

describe('other actions killed at each point', () => {
  const cases: Array<{ kind: string; steps: string[]; hosts: number; start: (h: Harness) => Promise<unknown>; check: (h: Harness, finished: boolean) => Promise<void> }> = [
    {
      kind: 'resize',
      steps: ['schedule', 'migrate-out', 'migrate-in'],
      hosts: 2,
      start: (h) => h.services.compute.resizeServer('vm', 'm1.small'),
      // Nova's _init_instance rolls an interrupted resize back.
      check: async (h, finished) => {
        const s = await h.server('vm')
        expect(s).toMatchObject(finished ? { vmState: 'resized', flavor: { name: 'm1.small' } } : { vmState: 'active', flavor: { name: 'm1.tiny' } })
        if (!finished) expect(s.migration).toBeUndefined()
        const domain = (await h.services.store.read()).fakeDomains.find((d) => d.name === s.domainName && d.hostId === s.host)
        expect(domain?.state).toBe('running')
      },
    },
    {
      kind: 'rebuild',
      steps: ['image', 'rebuild'],
      hosts: 1,
      start: (h) => h.services.compute.rebuildServer('vm'),
      check: async (h, finished) => expect((await h.server('vm')).vmState).toBe(finished ? 'active' : 'error'),
    },
    {
      kind: 'snapshot',
      steps: ['queue', 'export', 'done'],
      hosts: 1,
      start: (h) => h.services.compute.createServerImage('vm', 'snap'),
      check: async (h, finished) => {
        expect((await h.server('vm')).vmState).toBe('active')
        const image = (await h.services.store.read()).images.find((i) => i.name === 'snap')
        if (finished) expect(image?.status).toBe('active')
        else expect(image).toBeUndefined()
      },
    },
    {
      kind: 'rescue',
      steps: ['rescue'],
      hosts: 1,
      start: (h) => h.services.compute.rescueServer('vm'),
      check: async (h) => expect((await h.server('vm')).vmState).toBe('rescued'),
    },
    {
      kind: 'shelve',
      steps: ['power-off', 'queue', 'export', 'offload'],
      hosts: 1,
      start: (h) => h.services.compute.shelveServers(['vm']),
      check: async (h) => {
        expect(await h.server('vm')).toMatchObject({ vmState: 'shelved_offloaded', host: null })
        expect((await h.services.store.read()).images.find((i) => i.name === 'vm-shelved')?.status).toBe('active')
      },
    },
    {
      kind: 'unrescue',
      steps: ['unrescue'],
      hosts: 1,
      start: async (h) => {
        await (await h.services.compute.rescueServer('vm')).handle.wait()
        return h.services.compute.simpleAction(['vm'], 'unrescue')
      },
      check: async (h) => expect((await h.server('vm')).vmState).toBe('active'),
    },
    {
      kind: 'confirm_resize',
      steps: ['confirm'],
      hosts: 2,
      start: async (h) => {
        await (await h.services.compute.resizeServer('vm', 'm1.small')).handle.wait()
        return h.services.compute.simpleAction(['vm'], 'confirm_resize')
      },
      check: async (h) => expect(await h.server('vm')).toMatchObject({ vmState: 'active', flavor: { name: 'm1.small' } }),
    },
    {
      kind: 'revert_resize',
      steps: ['revert'],
      hosts: 2,
      start: async (h) => {
        await (await h.services.compute.resizeServer('vm', 'm1.small')).handle.wait()
        return h.services.compute.simpleAction(['vm'], 'revert_resize')
      },
      check: async (h) => expect(await h.server('vm')).toMatchObject({ vmState: 'active', flavor: { name: 'm1.tiny' } }),
    },
    {
      kind: 'evacuate',
      steps: ['schedule', 'image', 'rebuild'],
      hosts: 2,
      start: async (h) => {
        await h.services.hosts.setForcedDown((await h.server('vm')).host!, true)
        return h.services.compute.evacuateServers(['vm'])
      },
      // Nova's _init_instance puts an interrupted rebuild (evacuation) in ERROR; evacuating again recovers it.
      check: async (h, finished) => expect((await h.server('vm')).vmState).toBe(finished ? 'active' : 'error'),
    },
    {
      kind: 'unshelve',
      steps: ['schedule', 'spawn', 'delete-snapshot'],
      hosts: 1,
      start: async (h) => {
        await (await h.services.compute.shelveServers(['vm'])).handle.wait()
        return h.services.compute.simpleAction(['vm'], 'unshelve')
      },
      check: async (h) => {
        expect((await h.server('vm')).vmState).toBe('active')
        expect((await h.services.store.read()).images.find((i) => i.name === 'vm-shelved')).toBeUndefined()
      },
    },
  ]
  for (const c of cases) {
    c.steps.forEach((step, index) => {
      for (const phase of PHASES) {
        const finished = index === c.steps.length - 1 && phase === 'after-commit'
        it(`${c.kind} ${step}/${phase}: recovers by Nova's rules`, async () => {
          const h = await harness(c.hosts === 2 ? [['sim1'], ['sim2']] : [['sim1']])
          await activeServer(h)
          await c.start(h)
          expect(await killAt(h, c.kind, step, phase)).toBe(true)
          await c.check(h, finished)
          expectConsistent(await h.services.store.read())
        })
      }
    })
  }
})
