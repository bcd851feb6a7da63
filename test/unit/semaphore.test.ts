// The channel limit of SshTransport: at most N holders, the rest wait in order.
import { describe, expect, it } from 'vitest'
import { Semaphore } from '../../src/hypervisor/ssh/semaphore.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('Semaphore', () => {
  it('lets N holders in at once and queues the rest', async () => {
    const s = new Semaphore(2)
    const a = await s.acquire()
    await s.acquire()
    let third = false
    const pending = s.acquire().then((release) => {
      third = true
      return release
    })
    await tick()
    expect([s.inUse, s.queued, third]).toEqual([2, 1, false])
    a()
    await pending
    expect([s.inUse, s.queued, third]).toEqual([2, 0, true])
  })

  it('serves waiters first come, first served, and a release is counted once', async () => {
    const s = new Semaphore(1)
    const first = await s.acquire()
    const order: number[] = []
    const waiters = [1, 2, 3].map((n) => s.acquire().then((release) => (order.push(n), release())))
    first()
    first() // a second call must not free a second permit
    await Promise.all(waiters)
    expect(order).toEqual([1, 2, 3])
    expect([s.inUse, s.queued]).toEqual([0, 0])
  })

  it('never has more than N holders in a burst of work', async () => {
    const s = new Semaphore(8)
    let now = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const release = await s.acquire()
        peak = Math.max(peak, ++now)
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 5))
        now--
        release()
      }),
    )
    expect(peak).toBe(8)
    expect(s.inUse).toBe(0)
  })

  it('refuses a size below 1', () => {
    expect(() => new Semaphore(0)).toThrow(/at least 1/)
  })
})
