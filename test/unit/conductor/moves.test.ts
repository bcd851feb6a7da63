// Rebuild, snapshot, rescue, resize/migrate with confirm and revert, shelve and
// unshelve through the core API on simulated hosts, checking claims, hosts and
// the simulated domains as an operator would.
import { describe, expect, it } from 'vitest'
import type { Services } from '../../../src/core/services.js'
import { migrationConsumer } from '../../../src/core/conductor/lookups.js'
import { harness, type Harness } from '../../helpers/harness.js'

async function boot(h: Harness, name = 'vm', flavor = 'm1.tiny') {
  const { handle } = await h.services.compute.createServers({ name, flavor, image: 'tiny' })
  await handle.wait()
  return h.server(name)
}
const run = async (accepted: Promise<{ results: unknown[]; handle: { wait(): Promise<unknown> } }>) => {
  const a = await accepted
  for (const r of a.results) expect(r).not.toHaveProperty('error')
  await a.handle.wait()
}
const domainOf = async (s: Services, domainName: string) => (await s.store.read()).fakeDomains.find((d) => d.name === domainName)

describe('rebuild', () => {
  it('gives an ACTIVE server a new disk from another image, keeping its id, flavor and host', async () => {
    const h = await harness()
    const before = await boot(h)
    await run(h.services.compute.createServerImage('vm', 'golden'))
    await run(h.services.compute.rebuildServer('vm', { image: 'golden', name: 'vm2' }))
    const after = await h.server('vm2')
    expect(after).toMatchObject({ id: before.id, host: before.host, vmState: 'active', taskState: null })
    expect(after.imageId).not.toBe(before.imageId)
    expect((await domainOf(h.services, after.domainName))?.state).toBe('running')
  })

  it('keeps a stopped server stopped', async () => {
    const h = await harness()
    await boot(h)
    await run(h.services.compute.powerAction(['vm'], 'stop'))
    await run(h.services.compute.rebuildServer('vm'))
    const s = await h.server('vm')
    expect(s.vmState).toBe('stopped')
    expect((await domainOf(h.services, s.domainName))?.state).toBe('shutoff')
  })
})

describe('snapshot', () => {
  it('makes an active image with its checksum and size that boots a new server; the server keeps its state', async () => {
    const h = await harness()
    await boot(h)
    const accepted = await h.services.compute.createServerImage('vm', 'snap')
    const queued = (await h.services.store.read()).images.find((i) => i.id === accepted.imageId)
    expect(queued?.status).toBe('queued')
    expect((await h.server('vm')).taskState).toBe('image_snapshot_pending')
    await accepted.handle.wait()
    const image = (await h.services.store.read()).images.find((i) => i.id === accepted.imageId)!
    expect(image).toMatchObject({ status: 'active', name: 'snap' })
    expect(image.checksum).toMatch(/^[0-9a-f]{64}$/)
    expect(image.size).toBeGreaterThan(0)
    expect(image.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: (await h.server('vm')).id })
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null })
    const { handle } = await h.services.compute.createServers({ name: 'clone', flavor: 'm1.tiny', image: 'snap' })
    await handle.wait()
    expect((await h.server('clone')).vmState).toBe('active')
  })
})

describe('rescue', () => {
  it('rescues and unrescues, refusing stop and pause while rescued', async () => {
    const h = await harness()
    await boot(h)
    await run(h.services.compute.rescueServer('vm'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'rescued', taskState: null })
    const stop = await h.services.compute.powerAction(['vm'], 'stop')
    expect(stop.results[0]).toHaveProperty('error')
    expect(String((stop.results[0] as { error: Error }).error.message)).toMatch(/while it is RESCUE/)
    await run(h.services.compute.simpleAction(['vm'], 'unrescue'))
    const s = await h.server('vm')
    expect(s).toMatchObject({ vmState: 'active', taskState: null })
    expect((await domainOf(h.services, s.domainName))?.state).toBe('running')
  })
})

describe('resize and migrate', () => {
  it('resizes to another host holding both claims until confirm, then releases the old one', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const before = await boot(h)
    await run(h.services.compute.resizeServer('vm', 'm1.small'))
    const resized = await h.server('vm')
    expect(resized).toMatchObject({ vmState: 'resized', taskState: null })
    expect(resized.host).not.toBe(before.host)
    expect(resized.flavor.name).toBe('m1.small')
    let state = await h.services.store.read()
    expect(state.allocations.find((a) => a.consumerId === resized.id)).toMatchObject({ providerId: resized.host, resources: { MEMORY_MB: 2048 } })
    expect(state.allocations.find((a) => a.consumerId === migrationConsumer(resized.id))).toMatchObject({ providerId: before.host, resources: { MEMORY_MB: 512 } })
    await run(h.services.compute.simpleAction(['vm'], 'confirm_resize'))
    state = await h.services.store.read()
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null })
    expect(state.allocations.map((a) => a.consumerId)).toEqual([resized.id])
    expect(state.requestSpecs.find((r) => r.instanceId === resized.id)?.flavor.name).toBe('m1.small')
  })

  it('reverts a cold migration: back on the old host with its old claim, running', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const before = await boot(h)
    const other = (await h.services.store.read()).hosts.find((x) => x.id !== before.host)!
    await run(h.services.compute.migrateServers(['vm'], other.name))
    expect((await h.server('vm')).host).toBe(other.id)
    await run(h.services.compute.simpleAction(['vm'], 'revert_resize'))
    const s = await h.server('vm')
    expect(s).toMatchObject({ vmState: 'active', host: before.host, taskState: null })
    expect(s.migration).toBeUndefined()
    const state = await h.services.store.read()
    expect(state.allocations).toEqual([expect.objectContaining({ consumerId: s.id, providerId: before.host })])
    expect((await domainOf(h.services, s.domainName))?.state).toBe('running')
  })

  it('with one host, refuses to stay on it unless allow_resize_to_same_host, then resizes in place', async () => {
    const h = await harness()
    await boot(h)
    const refused = await h.services.compute.resizeServer('vm', 'm1.small')
    const [task] = await refused.handle.wait()
    expect(task.status).toBe('failed')
    const s = await h.server('vm')
    expect(s).toMatchObject({ vmState: 'active', taskState: null, flavor: { name: 'm1.tiny' } })
    expect(s.fault?.message).toBe('No valid host was found.')
    expect(s.fault?.details).toMatch(/CurrentHost removed 1 of 1 hosts \(sim1: vm is on it now; a resize goes to another host\).*allow_resize_to_same_host/)
    await h.services.config.set('allow_resize_to_same_host', 'true')
    await run(h.services.compute.resizeServer('vm', 'm1.small'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'resized', host: s.host })
    await run(h.services.compute.simpleAction(['vm'], 'confirm_resize'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', flavor: { name: 'm1.small' } })
  })

  it('with one host, fails a migration with what to do: add a host (a migration never stays, whatever the config)', async () => {
    const h = await harness()
    await boot(h)
    await h.services.config.set('allow_resize_to_same_host', 'true')
    for (const move of [() => h.services.compute.migrateServers(['vm']), () => h.services.compute.liveMigrateServers(['vm'])]) {
      const [task] = await (await move()).handle.wait()
      expect(task.status).toBe('failed')
      const s = await h.server('vm')
      expect(s).toMatchObject({ vmState: 'active', taskState: null, host: expect.any(String) })
      expect(s.fault?.details).toMatch(/SourceHost removed 1 of 1 hosts \(sim1: vm is on it now.*To fix: add a host for it to move to/)
      expect(s.fault?.details).not.toContain('allow_resize_to_same_host')
    }
  })

  it('refuses a resize to the same flavor or a smaller disk, changing nothing', async () => {
    const h = await harness()
    await boot(h, 'vm', 'm1.small')
    for (const [flavor, why] of [['m1.small', /already has flavor/], ['m1.tiny', /disks cannot shrink/]] as const) {
      const r = await h.services.compute.resizeServer('vm', flavor)
      expect(String((r.results[0] as { error: Error }).error.message)).toMatch(why)
    }
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null })
  })
})

describe('shelve', () => {
  it('shelves (snapshot, host freed) and unshelves (scheduled again, snapshot deleted)', async () => {
    const h = await harness()
    await boot(h)
    await run(h.services.compute.shelveServers(['vm']))
    let s = await h.server('vm')
    let state = await h.services.store.read()
    expect(s).toMatchObject({ vmState: 'shelved_offloaded', host: null, taskState: null })
    expect(state.allocations).toEqual([])
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
    const snap = state.images.find((i) => i.name === 'vm-shelved')!
    expect(snap.status).toBe('active')
    await run(h.services.compute.simpleAction(['vm'], 'unshelve'))
    s = await h.server('vm')
    state = await h.services.store.read()
    expect(s).toMatchObject({ vmState: 'active', taskState: null })
    expect(s.host).not.toBeNull()
    expect(state.images.find((i) => i.id === snap.id)).toBeUndefined()
    expect((await domainOf(h.services, s.domainName))?.state).toBe('running')
  })
})

describe('resize_confirm_window', () => {
  it('has the conductor confirm a resize left in VERIFY_RESIZE longer than the window, and not before', async () => {
    const h = await harness([['sim1'], ['sim2']])
    await boot(h)
    await h.services.config.set('resize_confirm_window', '60')
    await run(h.services.compute.resizeServer('vm', 'm1.small'))
    await h.services.conductor({ clock: h.clock }).drain()
    expect((await h.server('vm')).vmState).toBe('resized')
    h.clock.advance(61_000)
    await h.services.conductor({ clock: h.clock }).drain()
    const s = await h.server('vm')
    expect(s).toMatchObject({ vmState: 'active', flavor: { name: 'm1.small' } })
    const actions = (await h.services.store.read()).actions.filter((a) => a.serverId === s.id)
    expect(actions.at(-1)).toMatchObject({ action: 'confirmResize', userId: 'homenova-auto-confirm' })
  })
})

describe('moves and server groups, hosts by id, deletes mid-move', () => {
  it('resizes a member of an anti-affinity group on its own host (it does not count against itself)', async () => {
    const h = await harness()
    await h.services.serverGroups.create('apart', 'anti-affinity', {})
    const { handle } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', placement: { hints: { group: ['apart'] } } })
    await handle.wait()
    await h.services.config.set('allow_resize_to_same_host', 'true')
    await run(h.services.compute.resizeServer('vm', 'm1.small'))
    expect((await h.server('vm')).vmState).toBe('resized')
  })

  it('migrates to a host named by its id', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const s = await boot(h)
    const other = (await h.services.store.read()).hosts.find((x) => x.id !== s.host)!
    await run(h.services.compute.migrateServers(['vm'], other.id))
    expect(await h.server('vm')).toMatchObject({ vmState: 'resized', host: other.id })
  })

  it('deletes a server waiting in VERIFY_RESIZE with nothing left on either host', async () => {
    const h = await harness([['sim1'], ['sim2']])
    await boot(h)
    await run(h.services.compute.resizeServer('vm', 'm1.small'))
    await run(h.services.compute.deleteServers(['vm']))
    const state = await h.services.store.read()
    expect(state.allocations).toEqual([])
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
  })
})

describe('delete --force', () => {
  it('cancels work queued for the server instead of letting it run first', async () => {
    const h = await harness()
    await boot(h)
    await h.services.compute.powerAction(['vm'], 'stop') // queued, no conductor runs it
    await run(h.services.compute.deleteServers(['vm'], { force: true }))
    const state = await h.services.store.read()
    expect(state.tasks.find((t) => t.kind === 'stop')).toMatchObject({ status: 'failed', error: 'Cancelled by a forced delete' })
    expect(state.servers[0]).toMatchObject({ vmState: 'deleted' })
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
  })
})
