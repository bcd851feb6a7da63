// The dashboard's idle collection: heap the frames left behind is given back once
// frames stop, and not while they keep coming.
import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { idleCollector } from '../../../src/tui/idle-gc.js'

const used = () => v8.getHeapStatistics().used_heap_size
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('idleCollector', () => {
  it('collects the garbage of past frames once they stop, not while they come', async () => {
    const idle = idleCollector({ quietMs: 100, growthBytes: 8 * 2 ** 20 })
    let junk: unknown[] | null = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `row ${i}` })) // long-lived, then dropped
    const grown = used()
    junk = null
    for (let i = 0; i < 5; i++) {
      idle.poke() // frames 50 ms apart: never quiet for 100 ms
      await sleep(50)
    }
    expect(junk).toBeNull()
    expect(grown - used()).toBeLessThan(15 * 2 ** 20) // still there while frames come
    await sleep(200)
    expect(grown - used()).toBeGreaterThan(15 * 2 ** 20)
    idle.stop()
  })
})

describe('idleCollector.settle', () => {
  it('collects at the next quiet moment even when the heap grew less than the threshold', async () => {
    const idle = idleCollector({ quietMs: 50, growthBytes: 1024 * 2 ** 20 }) // growth alone would never collect
    let junk: unknown[] | null = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `row ${i}` }))
    const grown = used()
    junk = null
    idle.poke()
    await sleep(150)
    expect(junk).toBeNull()
    expect(grown - used()).toBeLessThan(15 * 2 ** 20) // a poke alone: kept
    idle.settle()
    await sleep(150)
    expect(grown - used()).toBeGreaterThan(15 * 2 ** 20)
    idle.stop()
  })
})
