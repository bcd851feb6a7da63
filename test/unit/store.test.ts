import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { link, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreCorruptError, UserError } from '../../src/core/errors.js'
import { OWNER_FILE } from '../../src/core/store/lock.js'
import { migrateState, type Migration } from '../../src/core/store/migrations.js'
import { emptyState, SCHEMA_VERSION } from '../../src/core/store/constants.js'
import { Store } from '../../src/core/store/store.js'
import { testFlavor } from '../helpers/store-worker.js'

let home: string
let store: Store

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'homenova-store-'))
  store = new Store(path.join(home, 'nova'))
})
afterEach(async () => {
  await rm(home, { recursive: true, force: true })
})

const addFlavor = (name: string) => store.transact((s) => s.flavors.push(testFlavor(name, name)))
const writeState = async (text: string) => {
  await mkdir(store.home, { recursive: true })
  await writeFile(store.path, text)
}

describe('Store', () => {
  it('reads a missing state file as the empty state', async () => {
    expect(await store.read()).toEqual(emptyState())
  })

  it('commits a transaction, returns its value and bumps the generation', async () => {
    expect(await addFlavor('m1.small')).toBe(1)
    await addFlavor('m1.large')
    const state = await store.read()
    expect(state.generation).toBe(2)
    expect(state.flavors.map((f) => f.name)).toEqual(['m1.small', 'm1.large'])
    expect(await readdir(store.home)).toEqual(expect.not.arrayContaining([expect.stringMatching(/tmp|lock/)]))
  })

  it('writes nothing when the function throws, and passes its error on unchanged', async () => {
    await addFlavor('m1.small')
    const before = await readFile(store.path)
    const boom = new Error('boom')
    const failing = store.transact((s) => {
      s.flavors.length = 0
      throw boom
    })
    await expect(failing).rejects.toBe(boom)
    expect(await readFile(store.path)).toEqual(before)
  })

  it('writes nothing when the function leaves an invalid state', async () => {
    await addFlavor('m1.small')
    const before = await readFile(store.path)
    await expect(store.transact((s) => void (s.flavors[0]!.vcpus = -1))).rejects.toThrow(/invalid state/)
    expect(await readFile(store.path)).toEqual(before)
  })

  it('validates an object the transaction changed in place, however many are left alone', async () => {
    for (const name of ['a', 'b', 'c']) await addFlavor(name)
    const before = await readFile(store.path)
    await expect(store.transact((s) => void (s.flavors[2]!.ramMb = 0))).rejects.toThrow(/invalid state[\s\S]*flavors\[2\][\s\S]*ramMb/)
    await expect(store.transact((s) => void s.servers.push({ id: 'x' } as never))).rejects.toThrow(/servers\[0\]/)
    expect(await readFile(store.path)).toEqual(before)
  })

  it('writes one object per line and drops keys the schema does not know from what it validates', async () => {
    await addFlavor('a')
    await store.transact((s) => void s.flavors.push({ ...testFlavor('b', 'b'), stray: 1 } as never))
    const lines = (await readFile(store.path, 'utf8')).split('\n')
    const flavorLines = lines.filter((l) => l.startsWith('    {"id":'))
    expect(flavorLines).toHaveLength(2)
    expect(flavorLines.map((l) => JSON.parse(l.replace(/,$/, '')).name)).toEqual(['a', 'b'])
    expect(lines.join('\n')).not.toContain('stray')
  })

  it('validates the whole of a file it did not write itself before changing it', async () => {
    await addFlavor('a')
    // Valid JSON in another layout (as a person would write it), one flavor invalid.
    const state = JSON.parse(await readFile(store.path, 'utf8')) as { flavors: Array<Record<string, unknown>> }
    state.flavors[0]!.vcpus = 0
    await writeState(JSON.stringify(state, null, 2))
    const err = await addFlavor('b').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreCorruptError)
    expect((err as Error).message).toMatch(/does not match the state schema[\s\S]*vcpus/)
    // Repaired, it is read, validated and written back in the store's layout.
    state.flavors[0]!.vcpus = 1
    await writeState(JSON.stringify(state, null, 2))
    await addFlavor('b')
    expect((await readFile(store.path, 'utf8')).split('\n').filter((l) => l.startsWith('    {"id":'))).toHaveLength(2)
  })

  it('refuses an async function and writes nothing', async () => {
    await expect(store.transact(async (s) => s.flavors.push(testFlavor('x', 'x')))).rejects.toThrow(/must be synchronous/)
    expect(existsSync(store.path)).toBe(false)
  })

  it.each([
    ['an empty file', '', /is empty/],
    ['a garbage file', '{"version": 1, "gener', /not valid JSON/],
    ['a file of the wrong shape', JSON.stringify({ ...emptyState(), servers: 'none' }), /does not match the state schema/],
    ['a file failing the schema', JSON.stringify({ ...emptyState(), flavors: [{ name: 'x' }] }), /does not match/],
  ])('refuses %s, leaves it untouched and points at state.json.prev', async (what, text, reason) => {
    await addFlavor('m1.small')
    await addFlavor('m1.large')
    await writeState(text)
    // Reads check the shape only (zod is not loaded for them); transactions check the whole schema.
    const attempts = what === 'a file failing the schema' ? [() => addFlavor('m1.tiny')] : [() => store.read(), () => addFlavor('m1.tiny')]
    for (const attempt of attempts) {
      const err = await attempt().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(StoreCorruptError)
      expect((err as StoreCorruptError).message).toContain(store.path)
      expect((err as StoreCorruptError).message).toMatch(reason)
      expect((err as StoreCorruptError).hint).toContain(`cp ${store.path}.prev ${store.path}`)
    }
    expect(await readFile(store.path, 'utf8')).toBe(text)
  })

  it('says there is no previous copy when state.json.prev is missing', async () => {
    await writeState('not json')
    const err = await store.read().catch((e: unknown) => e)
    expect((err as StoreCorruptError).hint).toMatch(/no previous copy/)
  })

  it('creates the home 0700 and state.json 0600', async () => {
    await addFlavor('m1.small')
    expect((await stat(store.home)).mode & 0o777).toBe(0o700)
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
  })

  it('refuses a file from a newer schema version and leaves it alone', async () => {
    const text = JSON.stringify({ ...emptyState(), version: SCHEMA_VERSION + 1 })
    await writeState(text)
    const err = await addFlavor('m1.small').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(/newer than this homenova knows/)
    await expect(store.read()).rejects.toThrow(/newer/)
    expect(await readFile(store.path, 'utf8')).toBe(text)
  })

  it('keeps the previous generation in state.json.prev', async () => {
    await addFlavor('m1.small')
    await addFlavor('m1.large')
    const prev = JSON.parse(await readFile(`${store.path}.prev`, 'utf8')) as { generation: number; flavors: unknown[] }
    expect(prev.generation).toBe(1)
    expect(prev.flavors).toHaveLength(1)
  })

  it('lands every one of many parallel transactions from one process', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => addFlavor(`f${i}`)))
    const state = await store.read()
    expect(state.generation).toBe(30)
    expect(new Set(state.flavors.map((f) => f.name)).size).toBe(30)
  })

  it('does not overwrite a state file replaced behind its lock, but runs again on the new one', async () => {
    await addFlavor('m1.small')
    let calls = 0
    await store.transact((s) => {
      // The first run simulates a second lock holder (proper-lockfile issue 121) committing meanwhile.
      if (calls++ === 0) {
        writeFileSync(`${store.path}.x`, readFileSync(store.path, 'utf8').replace('"generation": 1', '"generation": 7'))
        renameSync(`${store.path}.x`, store.path)
      }
      s.flavors.push(testFlavor('mine', 'mine'))
    })
    const state = await store.read()
    expect(calls).toBe(2)
    expect(state.generation).toBe(8)
    expect(state.flavors.map((f) => f.name)).toEqual(['m1.small', 'mine'])
  })

  it('breaks at once a lock left by a process that is gone', async () => {
    await holdLock(spawnSync(process.execPath, ['-e', '']).pid)
    const started = Date.now()
    await addFlavor('m1.small')
    expect(Date.now() - started).toBeLessThan(1500)
  })

  const holdLock = async (pid: number, ageMs = 0) => {
    const lockDir = path.join(store.home, 'state.lock')
    await mkdir(lockDir, { recursive: true })
    await writeFile(path.join(lockDir, OWNER_FILE), JSON.stringify({ pid, hostname: os.hostname(), token: 'someone-else' }))
    const mtime = new Date(Date.now() - ageMs)
    await utimes(lockDir, mtime, mtime)
  }

  it('takes over a lock whose live holder stopped refreshing it', async () => {
    await holdLock(process.pid, 60_000)
    const started = Date.now()
    await addFlavor('m1.small')
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('waits for a lock held by a live process until it goes stale', async () => {
    store = new Store(store.home, { staleMs: 2000 })
    await holdLock(process.pid)
    const started = Date.now()
    await addFlavor('m1.small')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
  })

  it('leaves no temp file when state.json.prev already is state.json (a kill between two renames)', async () => {
    await addFlavor('m1.small')
    await rm(`${store.path}.prev`, { force: true })
    await link(store.path, `${store.path}.prev`)
    await addFlavor('m1.large')
    expect((await readdir(store.home)).sort()).toEqual(['state.json', 'state.json.checked', 'state.json.prev'])
    expect(JSON.parse(await readFile(`${store.path}.prev`, 'utf8'))).toMatchObject({ generation: 1 })
  })

  it('cleans up temp files left by killed writers', async () => {
    await writeState(JSON.stringify(emptyState()))
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    const litter = path.join(store.home, `state.json.${dead}.abc123.tmp`)
    await writeFile(litter, '{"half')
    await addFlavor('m1.small')
    expect(await readdir(store.home)).not.toContain(path.basename(litter))
  })
})

describe('migrateState', () => {
  const file = '/x/state.json'
  const toTwo: Migration = { from: 1, up: (s) => ({ ...s, renamed: s.flavors }) }
  const toThree: Migration = { from: 2, up: (s) => ({ ...s, seen: true }) }

  it('applies each step from the file version up to the target', () => {
    expect(migrateState({ version: 1, flavors: [] }, file, [toThree, toTwo], 3)).toEqual({ version: 3, flavors: [], renamed: [], seen: true })
  })

  it('treats a missing step as a bug', () => {
    expect(() => migrateState({ version: 1 }, file, [toThree], 3)).toThrow(/no migration from state schema version 1 to 2/)
  })

  it('leaves a current file alone', () => {
    const raw = { version: SCHEMA_VERSION }
    expect(migrateState(raw, file)).toBe(raw)
  })
})

describe('Store.read', () => {
  it('names the collection that is not a list when the shape is wrong', async () => {
    const s = new Store(await mkdtemp(path.join(os.tmpdir(), 'homenova-shape-')))
    await s.transact(() => undefined)
    await writeFile(s.path, JSON.stringify({ ...emptyState(), tasks: {} }))
    await expect(s.read()).rejects.toThrow(/does not match the state schema \(tasks is not a list\)/)
  })
})
