import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { storeFakeBackend } from '../../src/core/compute/fake-backend.js'
import { Store } from '../../src/core/store/store.js'

let home: string
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'homenova-fakebackend-'))
})
afterEach(async () => {
  await rm(home, { recursive: true, force: true })
})

const domain = (name: string, state: 'running' | 'shutoff' = 'running') => ({ name, state, consoleLog: '' })

describe('storeFakeBackend', () => {
  it('reads the store once for many hosts while the file is unchanged', async () => {
    const store = new Store(path.join(home, 'nova'))
    const backend = storeFakeBackend(store)
    await backend.put('h1', domain('instance-1'))
    await backend.put('h2', domain('instance-2'))
    const read = vi.spyOn(store, 'read')
    const lists = await Promise.all(['h1', 'h2', 'h3', 'h1'].map((h) => backend.list(h)))
    expect(lists.map((l) => l.map((d) => d.name))).toEqual([['instance-1'], ['instance-2'], [], ['instance-1']])
    expect(read).toHaveBeenCalledTimes(1)
  })

  it('sees at once a change written by another process (another Store on the same file)', async () => {
    const file = path.join(home, 'nova')
    const backend = storeFakeBackend(new Store(file))
    await backend.put('h1', domain('instance-1'))
    expect((await backend.get('h1', 'instance-1'))?.state).toBe('running')
    await storeFakeBackend(new Store(file)).put('h1', domain('instance-1', 'shutoff'))
    expect((await backend.get('h1', 'instance-1'))?.state).toBe('shutoff')
  })

  it('hands out copies, so a caller changing a record does not change what later reads see', async () => {
    const backend = storeFakeBackend(new Store(path.join(home, 'nova')))
    await backend.put('h1', domain('instance-1'))
    const got = await backend.get('h1', 'instance-1')
    got!.state = 'shutoff'
    expect((await backend.get('h1', 'instance-1'))?.state).toBe('running')
  })
})
