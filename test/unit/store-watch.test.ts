// The store watch: another process commits, and a subscriber hears the new
// generation quickly (file events) or within the fallback period (no events);
// nothing is heard while nothing changes.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Store } from '../../src/core/store/store.js'
import { coalesced, peekGeneration, StoreWatch, type StoreChange } from '../../src/core/store/watch.js'
import { testFlavor } from '../helpers/store-worker.js'

const WORKER = path.resolve(import.meta.dirname, '../helpers/store-worker.ts')

let home: string
const watches: StoreWatch[] = []
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'homenova-watch-'))
})
afterEach(async () => {
  for (const w of watches.splice(0)) w.close()
  await rm(home, { recursive: true, force: true })
})

// One committed transaction per flavor, made by a separate OS process.
function commitElsewhere(count: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, 'append', home, 'other', String(count)], { stdio: 'ignore' })
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
}

async function watching(options: ConstructorParameters<typeof StoreWatch>[1]): Promise<{ heard: StoreChange[]; at: number[] }> {
  const watch = new StoreWatch(path.join(home, 'state.json'), options)
  watches.push(watch)
  const heard: StoreChange[] = []
  const at: number[] = []
  watch.subscribe((change) => {
    heard.push(change)
    at.push(Date.now())
  })
  await watch.start()
  return { heard, at }
}

const until = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(10)
  }
  return true
}

it('hears a commit by another process within 300 ms, with its generation', async () => {
  await new Store(home).transact((s) => void s.flavors.push(testFlavor('mine', 'mine')))
  // A long fallback: only the file events can make it in time.
  const { heard, at } = await watching({ fallbackMs: 60_000 })
  const exited = commitElsewhere(1)
  expect(await exited).toBe(0)
  const committedBy = Date.now()
  expect(await until(() => heard.some((c) => c.generation === 2), 2000)).toBe(true)
  expect(at[heard.findIndex((c) => c.generation === 2)] - committedBy).toBeLessThan(300)
})

it('falls back to a periodic look when there are no file events', async () => {
  const { heard } = await watching({ fallbackMs: 100, fileEvents: false })
  expect(await commitElsewhere(3)).toBe(0)
  expect(await until(() => heard.at(-1)?.generation === 3, 2000)).toBe(true)
})

it('tells nobody while nothing changes, and starts on a home with no state yet', async () => {
  const { heard } = await watching({ fallbackMs: 20 })
  await sleep(200)
  expect(heard).toEqual([])
  await new Store(home).transact((s) => void s.flavors.push(testFlavor('a', 'a')))
  expect(await until(() => heard.at(-1)?.generation === 1, 2000)).toBe(true)
  const count = heard.length
  await sleep(200)
  expect(heard).toHaveLength(count)
})

it('reads the generation from the head of the file without parsing it', async () => {
  const store = new Store(home)
  expect(await peekGeneration(store.path)).toBeNull()
  for (let i = 0; i < 3; i++) await store.transact((s) => void s.flavors.push(testFlavor(String(i), `f${i}`)))
  expect(await peekGeneration(store.path)).toBe(3)
  expect((await store.read()).generation).toBe(3)
})

it('runs a coalesced job once more for every burst of calls made while it runs, and no more', async () => {
  let runs = 0
  let release: () => void = () => undefined
  const job = coalesced(async () => {
    runs++
    await new Promise<void>((r) => (release = r))
  })
  const first = job()
  const during = [job(), job(), job()]
  expect(runs).toBe(1)
  release()
  await first
  await sleep(0)
  expect(runs).toBe(2) // one follow-up for the three calls
  release()
  await Promise.all(during)
  expect(runs).toBe(2)
})
