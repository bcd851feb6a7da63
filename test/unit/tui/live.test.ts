// The dashboard's live loop: it publishes each new state, runs waiting work
// here, and never piles up host refreshes that take longer than their period.
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, expect, it, vi } from 'vitest'
import { frameDrawn } from '../../../src/tui/first-frame.js'
import { Live, workWaiting } from '../../../src/tui/live/live.js'
import { harness } from '../../helpers/harness.js'

const lives: Live[] = []
afterEach(() => {
  for (const l of lives.splice(0)) l.close()
})

it('refreshes hosts one at a time, the next period counted from the end of the last', async () => {
  const h = await harness([['sim1']])
  let running = 0
  let most = 0
  let calls = 0
  vi.spyOn(h.services.compute, 'refreshPowerStates').mockImplementation(async () => {
    calls++
    most = Math.max(most, ++running)
    await sleep(120) // longer than the period
    running--
    return { hosts: [], changed: [] } as unknown as Awaited<ReturnType<typeof h.services.compute.refreshPowerStates>>
  })
  frameDrawn() // the hosts were never read: the first refresh waits for the first frame
  const live = new Live(h.services, { refreshMs: 30, conduct: false })
  lives.push(live)
  const started = Date.now()
  await live.start()
  void live.refreshHosts() // Ctrl-R while the timer runs too
  await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 })
  const elapsed = Date.now() - started
  expect(most).toBe(1)
  // One at a time, 120 ms each: a Ctrl-R during one waits for its end, so never more than one start per 120 ms.
  expect(calls).toBeLessThanOrEqual(Math.floor(elapsed / 120) + 1)
})

it('asks the hosts at once when it opens on a store they were last read long ago, and fresh ones only after the period', async () => {
  const h = await harness([['sim1'], ['sim2']])
  const refreshes = () => vi.mocked(h.services.compute.refreshPowerStates).mock.calls.length
  vi.spyOn(h.services.compute, 'refreshPowerStates').mockResolvedValue({ hosts: [], changed: [] } as unknown as Awaited<ReturnType<typeof h.services.compute.refreshPowerStates>>)
  const syncAll = (ago: number) =>
    h.services.store.transact((state) => {
      for (const host of state.hosts) host.syncedAt = new Date(Date.now() - ago).toISOString()
    })
  // read an hour ago: asked at once (the first frame drawn, or a second at most)
  await syncAll(3_600_000)
  const stale = new Live(h.services, { refreshMs: 60_000, conduct: false })
  lives.push(stale)
  await stale.start()
  await expect.poll(refreshes, { timeout: 3000 }).toBe(1)
  stale.close()
  // read a moment ago: not before the period
  await syncAll(1000)
  const fresh = new Live(h.services, { refreshMs: 60_000, conduct: false })
  lives.push(fresh)
  await fresh.start()
  await sleep(1500)
  expect(refreshes()).toBe(1)
})

it('publishes the new state after a commit and runs work left queued', async () => {
  const h = await harness([['sim1']])
  const live = new Live(h.services, { refreshMs: 0, fallbackMs: 50 })
  lives.push(live)
  await live.start()
  const seen: number[] = []
  live.subscribe(() => seen.push(live.get().snapshot?.state.generation ?? -1))
  const { servers } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
  // Nobody else runs a conductor here: the live loop's own does the schedule and the build.
  await expect.poll(async () => (await h.services.store.read()).servers.find((s) => s.id === servers[0].id)?.vmState, { timeout: 15_000 }).toBe('active')
  await expect.poll(async () => (await h.services.store.read()).tasks.map((t) => t.status), { timeout: 15_000 }).toEqual(['succeeded', 'succeeded'])
  const state = await h.services.store.read()
  expect(workWaiting(state, Date.now())).toBe(false)
  // It catches up with the newest commit (the conductor may commit once more, pruning).
  await expect.poll(async () => live.get().snapshot?.state.generation === (await h.services.store.read()).generation, { timeout: 5000 }).toBe(true)
  expect(seen.length).toBeGreaterThan(0)
})
