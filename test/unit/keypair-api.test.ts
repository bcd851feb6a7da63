// The keypair API over a real store: unique names per user, all-or-nothing
// deletes, private keys never stored.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeypairApi } from '../../src/core/api/keypair-api.js'
import { LOCAL_ADMIN } from '../../src/core/api/caller.js'
import { Store } from '../../src/core/store/store.js'

let home: string
let store: Store
let api: KeypairApi

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'homenova-keypair-api-'))
  store = new Store(join(home, 'nova'))
  api = new KeypairApi(store)
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

function publicKeyFile(name: string): string {
  execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-C', name, '-f', join(home, name)])
  return readFileSync(join(home, `${name}.pub`), 'utf8')
}

describe('KeypairApi', () => {
  it('generates a pair and stores only its public part', async () => {
    const { keypair, privateKey } = await api.create('gen')
    expect(keypair).toMatchObject({ name: 'gen', userId: LOCAL_ADMIN.userId, type: 'ssh', publicKey: expect.stringMatching(/^ssh-ed25519 \S+ Generated-by-homenova$/) })
    expect(privateKey).toContain('BEGIN OPENSSH PRIVATE KEY')
    expect(readFileSync(store.path, 'utf8')).not.toContain(privateKey.split('\n')[1])
    await expect(api.create('x', { keyType: 'x509' })).rejects.toThrow(/cannot generate x509/)
  })

  it('imports a key, refuses a second keypair of the same name and leaves the first', async () => {
    const first = await api.import('laptop', publicKeyFile('a'))
    await expect(api.import('laptop', publicKeyFile('b'))).rejects.toMatchObject({ message: 'A keypair named laptop already exists' })
    await expect(api.create('laptop')).rejects.toThrow(/already exists/)
    expect(await api.list()).toEqual([first])
    await expect(api.import('bad/name', publicKeyFile('c'))).rejects.toThrow(/^Invalid keypair name/)
  })

  it('keeps names unique per user: another user may use the same name and sees only theirs', async () => {
    await api.import('laptop', publicKeyFile('a'))
    const other = new KeypairApi(store, { ...LOCAL_ADMIN, userId: 'alice' })
    expect(await other.list()).toEqual([])
    await other.import('laptop', publicKeyFile('b'))
    await expect(other.show('laptop')).resolves.toMatchObject({ userId: 'alice' })
    expect((await store.read()).keypairs).toHaveLength(2)
  })

  it('deletes all the named keypairs or none', async () => {
    await api.import('a', publicKeyFile('a'))
    await api.import('b', publicKeyFile('b'))
    await expect(api.delete(['a', 'nope', 'b'])).rejects.toMatchObject({ message: 'No keypair named "nope"; nothing was deleted' })
    expect((await api.list()).map((k) => k.name)).toEqual(['a', 'b'])
    expect((await api.delete(['b', 'a', 'b'])).map((k) => k.name)).toEqual(['b', 'a'])
    expect(await api.list()).toEqual([])
    await expect(api.show('a')).rejects.toThrow('No keypair named "a"')
  })
})
