// The dashboard's incremental reader: every read equals what Store.read() says
// (inserts, updates, deletes, moves, another layout, a corrupt file), and the
// objects of lines that did not change are the ones parsed before.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { StoreCorruptError } from '../../src/core/errors.js'
import { IncrementalStateReader } from '../../src/core/store/incremental-read.js'
import { Store } from '../../src/core/store/store.js'
import { testFlavor } from '../helpers/store-worker.js'

let home: string
let store: Store
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'homenova-incremental-'))
  store = new Store(home)
})
afterEach(async () => {
  await rm(home, { recursive: true, force: true })
})

const names = (n: number) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(3, '0')}`)

it('reads what Store.read() reads, through inserts, updates, deletes and moves', async () => {
  const reader = new IncrementalStateReader(store)
  expect(await reader.read()).toEqual(await store.read()) // no file yet: the empty state
  await store.transact((s) => void s.flavors.push(...names(50).map((n) => testFlavor(n, n))))
  expect(await reader.read()).toEqual(await store.read())
  const steps: Array<(s: Parameters<Parameters<Store['transact']>[0]>[0]) => void> = [
    (s) => void (s.flavors[10].vcpus = 7), // an update in place
    (s) => void s.flavors.splice(3, 1), // a delete before the end
    (s) => void s.flavors.splice(20, 0, testFlavor('inserted', 'inserted')), // an insert
    (s) => void s.flavors.push(s.flavors.shift()!), // a move to the end
    (s) => void s.flavors.reverse(), // everything moved
    (s) => void (s.flavors.length = 0), // emptied
  ]
  for (const step of steps) {
    await store.transact(step)
    expect(await reader.read()).toEqual(await store.read())
  }
})

it('hands back the objects of unchanged lines, and the same state while the file is unchanged', async () => {
  await store.transact((s) => void s.flavors.push(...names(20).map((n) => testFlavor(n, n))))
  const reader = new IncrementalStateReader(store)
  const first = await reader.read()
  expect(await reader.read()).toBe(first)
  await store.transact((s) => {
    s.flavors[5].vcpus = 9
    s.flavors.splice(12, 1)
  })
  const second = await reader.read()
  expect(second).not.toBe(first)
  expect(second.flavors[4]).toBe(first.flavors[4])
  expect(second.flavors[5]).not.toBe(first.flavors[5])
  expect(second.flavors[5].vcpus).toBe(9)
  expect(second.flavors[12]).toBe(first.flavors[13])
  expect(second.flavors.map((f) => f.name)).toEqual(names(20).filter((n) => n !== 'f012'))
  // What a reader does to a state's list does not change the next read.
  first.flavors.length = 0
  await store.transact((s) => void (s.flavors[0].vcpus = 3))
  expect((await reader.read()).flavors).toHaveLength(19)
})

it('reads a file in another layout (a hand edit) as Store.read() does', async () => {
  await store.transact((s) => void s.flavors.push(testFlavor('small', 'small')))
  const reader = new IncrementalStateReader(store)
  await reader.read()
  const file = path.join(home, 'state.json')
  const state = JSON.parse(await readFile(file, 'utf8'))
  state.flavors[0].vcpus = 5
  await writeFile(file, JSON.stringify(state)) // one line, as an editor might leave it
  const read = await reader.read()
  expect(read.flavors[0].vcpus).toBe(5)
  expect(read).toEqual(await store.read())
})

it('reads a block whose objects span several lines (a hand edit in the layout), and the commits after it', async () => {
  await store.transact((s) => void s.flavors.push(testFlavor('small', 'small'), testFlavor('large', 'large')))
  const file = path.join(home, 'state.json')
  const text = await readFile(file, 'utf8')
  const line = text.split('\n').find((l) => l.includes('"name":"small"'))!
  // The first object pretty-printed across lines: the block is still found, but is not one object per line.
  await writeFile(file, text.replace(line, `    ${JSON.stringify(JSON.parse(line.slice(4, -1)), null, 2).split('\n').join('\n      ')},`))
  const reader = new IncrementalStateReader(store)
  expect(await reader.read()).toEqual(await store.read())
  await reader.settled()
  // The line after the edited object is unchanged: it must not be taken for another line's object.
  await store.transact((s) => void (s.flavors[0].vcpus = 6))
  const after = await reader.read()
  expect(after.flavors.map((f) => [f.name, f.vcpus])).toEqual([['small', 6], ['large', 1]])
  expect(after).toEqual(await store.read())
})

it('fails on a corrupt file as Store.read() does, and reads the repaired file again', async () => {
  await store.transact((s) => void s.flavors.push(testFlavor('small', 'small'), testFlavor('large', 'large')))
  const reader = new IncrementalStateReader(store)
  await reader.read()
  const file = path.join(home, 'state.json')
  const good = await readFile(file, 'utf8')
  await writeFile(file, good.replace('"name":"large"', '"name":"large'))
  await expect(reader.read()).rejects.toBeInstanceOf(StoreCorruptError)
  await writeFile(file, good.replace('"servers": []', '"servers": 5'))
  await expect(reader.read()).rejects.toBeInstanceOf(StoreCorruptError)
  await writeFile(file, good)
  expect(await reader.read()).toEqual(await store.read())
})

it('keeps a collection whose lines did not change whole, and sees a change in any line of another', async () => {
  await store.transact((s) => {
    s.flavors.push(...names(5).map((n) => testFlavor(n, n)))
    s.keypairs.push({ name: 'k1', userId: 'admin', type: 'ssh', publicKey: 'ssh-ed25519 AAAA k1', fingerprint: 'aa:bb', createdAt: '2026-01-01T00:00:00.000Z' })
  })
  const reader = new IncrementalStateReader(store)
  const first = await reader.read()
  // The first and the last line of a block, the last by its final field (the block's last characters).
  for (const change of [(s: typeof first) => void (s.flavors[0].vcpus = 2), (s: typeof first) => void (s.flavors[4].extraSpecs = { a: 'b' })]) {
    const before = await reader.read()
    await store.transact(change)
    const after = await reader.read()
    expect(after).toEqual(await store.read())
    expect(after.keypairs[0]).toBe(before.keypairs[0])
  }
  expect((await reader.read()).flavors.map((f) => [f.vcpus, f.extraSpecs])).toEqual([[2, {}], [1, {}], [1, {}], [1, {}], [1, { a: 'b' }]])
})

it('leaves deferred collections of a first read to after it, and hands out what Store.read() reads', async () => {
  await store.transact((s) => void s.flavors.push(...names(2500).map((n) => testFlavor(n, n))))
  const reader = new IncrementalStateReader(store, { defer: ['flavors'] })
  const first = await reader.read()
  expect(Object.getOwnPropertyDescriptor(first, 'flavors')?.get).toBeTypeOf('function') // not parsed yet
  expect(first).toEqual(await store.read()) // parsed on first use
  const again = new IncrementalStateReader(store, { defer: ['flavors'] })
  const untouched = await again.read()
  await again.settled() // the deferred parse and the hashing are done
  expect(Object.getOwnPropertyDescriptor(untouched, 'flavors')?.get).toBeTypeOf('function') // the state handed out is as it was
  expect(untouched.flavors).toHaveLength(2500) // and its getter finds the lines parsed
  await store.transact((s) => void (s.flavors[7].vcpus = 4))
  const second = await again.read() // after the background parse: unchanged lines are its objects
  expect(second.flavors[7].vcpus).toBe(4)
  expect(second.flavors[8]).toBe(untouched.flavors[8])
  expect(second).toEqual(await store.read())
})

it('fails the read after a first read whose deferred collection is corrupt', async () => {
  await store.transact((s) => void s.flavors.push(testFlavor('small', 'small'), testFlavor('large', 'large')))
  const file = path.join(home, 'state.json')
  await writeFile(file, (await readFile(file, 'utf8')).replace('"name":"large"', '"name":"large'))
  const reader = new IncrementalStateReader(store, { defer: ['flavors'] })
  const first = await reader.read()
  expect(() => first.flavors).toThrow(StoreCorruptError)
  await expect(reader.read()).rejects.toBeInstanceOf(StoreCorruptError)
})

it('hands out skipped collections empty, in either layout, and the rest as Store.read() reads them', async () => {
  await store.transact((s) => {
    s.flavors.push(...names(3).map((n) => testFlavor(n, n)))
    s.keypairs.push({ name: 'k1', userId: 'admin', type: 'ssh', publicKey: 'ssh-ed25519 AAAA k1', fingerprint: 'aa:bb', createdAt: '2026-01-01T00:00:00.000Z' })
  })
  const reader = new IncrementalStateReader(store, { skip: ['flavors'] })
  const expected = { ...(await store.read()), flavors: [] }
  expect(await reader.read()).toEqual(expected)
  await store.transact((s) => void (s.flavors[1].vcpus = 6)) // a change to the skipped collection only
  const after = await reader.read()
  expect(after.flavors).toEqual([])
  expect(after.generation).toBe(expected.generation + 1)
  // Another layout (a hand edit) goes through Store.read(), and skips the same.
  const file = path.join(home, 'state.json')
  await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, 'utf8'))))
  expect(await reader.read()).toEqual({ ...(await store.read()), flavors: [] })
})
