// The two defects found in the first conductor, each named for what it was.
import { describe, expect, it } from 'vitest'
import { harness, pauseAt } from '../../helpers/harness.js'

describe('the conductor', () => {
  it('one bad task does not block the queue: a request whose group was deleted fails alone, the next one builds', async () => {
    const h = await harness()
    const { services } = h
    await services.serverGroups.create('g', 'anti-affinity', {})
    await services.compute.createServers({ name: 'grouped', flavor: 'm1.tiny', image: 'tiny', placement: { hints: { group: ['g'] } } })
    await services.compute.createServers({ name: 'plain', flavor: 'm1.tiny', image: 'tiny' })
    await services.serverGroups.delete('g') // before any conductor scheduled the first request
    await services.conductor({ clock: h.clock }).drain()
    const grouped = await h.server('grouped')
    expect(grouped).toMatchObject({ vmState: 'error', taskState: null })
    expect(grouped.fault?.message).toMatch(/Server group .* no longer exists/)
    expect(await h.server('plain')).toMatchObject({ vmState: 'active', taskState: null })
    const state = await services.store.read()
    expect(state.tasks.filter((t) => t.status === 'running' || t.status === 'queued')).toEqual([])
    expect(state.allocations.map((a) => a.consumerId)).toEqual([(await h.server('plain')).id])
  })

  it('a delete that arrives while the image is being cached runs as soon as the build stops', async () => {
    const h = await harness()
    const { services } = h
    const gate = pauseAt((p) => p.kind === 'build' && p.step === 'image' && p.phase === 'before-commit')
    const { handle } = await services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
    const building = services.conductor({ clock: h.clock, hooks: gate.hooks }).drain()
    await gate.reached // the image is being cached
    const { results, handle: deleting } = await services.compute.deleteServers(['vm'])
    expect(results[0]).not.toHaveProperty('error')
    gate.release()
    await building
    await deleting.wait()
    await handle.wait()
    const state = await services.store.read()
    expect(state.servers[0]).toMatchObject({ vmState: 'deleted', taskState: null })
    expect(state.tasks.find((t) => t.kind === 'build')).toMatchObject({ status: 'failed', takeovers: 0 })
    expect(state.tasks.find((t) => t.kind === 'delete')).toMatchObject({ status: 'succeeded' })
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
    expect(state.allocations).toEqual([])
  })
})
