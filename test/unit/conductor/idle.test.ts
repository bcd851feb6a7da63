// An idle conductor (`homenova conductor` with nothing queued) must not rewrite the
// store on every poll: each rewrite wakes every dashboard and costs a whole write.
import { describe, expect, it } from 'vitest'
import { harness } from '../../helpers/harness.js'

describe('an idle conductor', () => {
  it('polls without writing the store when no task is waiting', async () => {
    const h = await harness()
    const { services } = h
    await services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
    const conductor = services.conductor({ clock: h.clock })
    expect(await conductor.drain()).toBeGreaterThan(0)
    const before = (await services.store.read()).generation
    expect(await conductor.drain()).toBe(0)
    expect(await conductor.drain()).toBe(0)
    expect((await services.store.read()).generation).toBe(before)
  })

  it('still claims a task queued after an idle poll', async () => {
    const h = await harness()
    const { services } = h
    const conductor = services.conductor({ clock: h.clock })
    expect(await conductor.drain()).toBe(0)
    await services.compute.createServers({ name: 'late', flavor: 'm1.tiny', image: 'tiny' })
    expect(await conductor.drain()).toBeGreaterThan(0)
    expect(await h.server('late')).toMatchObject({ vmState: 'active' })
  })
})
