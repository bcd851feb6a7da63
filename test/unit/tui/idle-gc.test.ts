// The dashboard's idle collection: a collection once frames stop and the heap
// (or the memory its objects hold outside it) has grown, never while frames
// come; settle() asks for one whatever the growth. The decisions are checked
// through a counting collector (V8 may also collect on its own at any time, so
// the heap's size says nothing certain about them), and the real collector
// once, by the garbage it frees.
import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { collectNow, idleCollector } from '../../../src/tui/idle-gc.js'

const used = () => v8.getHeapStatistics().used_heap_size
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function counting() {
  const calls = { n: 0 }
  return { calls, collect: () => void calls.n++ }
}

describe('idleCollector', () => {
  it('collects once frames stop after the heap grew, not while they come', async () => {
    const { calls, collect } = counting()
    const idle = idleCollector({ quietMs: 100, growthBytes: 8 * 2 ** 20, collect })
    const grown = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `row ${i}` })) // ~40 MB more heap
    for (let i = 0; i < 5; i++) {
      idle.poke() // frames 50 ms apart: never quiet for 100 ms
      await sleep(50)
    }
    expect(calls.n).toBe(0)
    await sleep(200)
    expect(calls.n).toBe(1)
    // Quiet again with no new growth since: no second collection.
    idle.poke()
    await sleep(200)
    expect(calls.n).toBe(1)
    expect(grown).toHaveLength(600_000)
    idle.stop()
  })

  it('counts memory held outside the heap (a big Buffer) as growth', async () => {
    const { calls, collect } = counting()
    // Far above what the other tests' garbage, collected by V8 meanwhile, could take off the heap.
    const idle = idleCollector({ quietMs: 50, growthBytes: 128 * 2 ** 20, collect })
    const buffer = Buffer.allocUnsafe(256 * 2 ** 20) // outside the JavaScript heap
    idle.poke()
    await sleep(150)
    expect(calls.n).toBe(1)
    expect(buffer.length).toBe(256 * 2 ** 20)
    idle.stop()
  })

  it('counts growth from the lowest point since the last collection', async () => {
    const { calls, collect } = counting()
    let held: Buffer | null = Buffer.allocUnsafe(256 * 2 ** 20) // held when the collector starts (as a read under way)
    const idle = idleCollector({ quietMs: 50, growthBytes: 128 * 2 ** 20, collect })
    expect(held.length).toBe(256 * 2 ** 20)
    held = null
    collectNow() // freed by a collection not the collector's
    idle.poke()
    await sleep(150)
    expect(calls.n).toBe(0)
    const grown = Buffer.allocUnsafe(256 * 2 ** 20) // as much again: growth from the low point
    idle.poke()
    await sleep(150)
    expect(calls.n).toBe(1)
    expect(grown.length).toBe(256 * 2 ** 20)
    idle.stop()
  })

  it('does not collect after a quiet moment when the heap grew less than the threshold', async () => {
    const { calls, collect } = counting()
    const idle = idleCollector({ quietMs: 50, growthBytes: 1024 * 2 ** 20, collect })
    idle.poke()
    await sleep(150)
    expect(calls.n).toBe(0)
    idle.stop()
  })
})

describe('idleCollector.settle', () => {
  it('collects at the next quiet moment whatever the growth, once', async () => {
    const { calls, collect } = counting()
    const idle = idleCollector({ quietMs: 50, growthBytes: 1024 * 2 ** 20, collect }) // growth alone would never collect
    idle.settle()
    await sleep(150)
    expect(calls.n).toBe(1)
    idle.poke()
    await sleep(150)
    expect(calls.n).toBe(1)
    idle.stop()
  })

  it('frees garbage with the real collector (node started without --expose-gc)', async () => {
    const idle = idleCollector({ quietMs: 50, growthBytes: 1024 * 2 ** 20 })
    let junk: unknown[] | null = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `row ${i}` }))
    const grown = used()
    junk = null
    idle.settle()
    await sleep(150)
    expect(junk).toBeNull()
    expect(grown - used()).toBeGreaterThan(15 * 2 ** 20)
    idle.stop()
  })
})
