// Keypairs through the built CLI, as a user manages them: generate one into a
// file, import a public key, list, refuse duplicates and unknown names.
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliHome } from '../helpers/cli.js'

interface KeypairJson {
  name: string
  fingerprint: string
  type: string
  public_key: string
  user_id: string
  created_at: string
  private_key?: string
}

/** The key type and base64 data of a public key line (the comment may differ). */
const keyOf = (line: string) => line.trim().split(/\s+/).slice(0, 2).join(' ')

describe('keypairs', () => {
  it('generates a keypair into a new 0600 file whose public half is the one recorded', async () => {
    const cli = new CliHome()
    const file = join(cli.home, 'mykey.pem')
    const created = await cli.json<KeypairJson>('keypair', 'create', 'mykey', '--private-key', file)
    expect(created).toMatchObject({ name: 'mykey', type: 'ssh', user_id: 'admin', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) })
    expect(created.private_key).toBeUndefined()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const shown = await cli.run('keypair', 'show', 'mykey', '--public-key')
    expect(shown.code, shown.stderr).toBe(0)
    expect(keyOf(shown.stdout)).toBe(keyOf(execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' })))
    expect(cli.stateBytes()).not.toContain(readFileSync(file, 'utf8').split('\n')[1])

    const before = readFileSync(file, 'utf8')
    const again = await cli.run('keypair', 'create', 'other', '--private-key', file)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('already exists; homenova never overwrites a key file')
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect((await cli.json<KeypairJson[]>('keypair', 'list')).map((k) => k.name)).toEqual(['mykey'])
  })

  it('imports a public key, lists it, and refuses a duplicate name leaving the store unchanged', async () => {
    const cli = new CliHome()
    const key = join(cli.home, 'id_ed25519')
    execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-C', 'me@laptop', '-f', key])
    const imported = await cli.json<KeypairJson>('keypair', 'create', 'laptop', '--public-key', `${key}.pub`)
    expect(imported.public_key).toBe(readFileSync(`${key}.pub`, 'utf8').trim())
    expect(imported.fingerprint).toBe(/MD5:(\S+)/.exec(execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${key}.pub`], { encoding: 'utf8' }))?.[1])
    expect(await cli.json('keypair', 'list')).toEqual([imported])
    const table = await cli.run('keypair', 'list')
    expect(table.stdout).toMatch(/Name\s+.*Fingerprint\s+.*Type/)
    expect(table.stdout).toContain(imported.fingerprint)

    const state = cli.stateBytes()
    const dup = await cli.run('keypair', 'create', 'laptop', '--public-key', `${key}.pub`)
    expect(dup.code).not.toBe(0)
    expect(dup.stderr).toContain('A keypair named laptop already exists')
    expect((await cli.run('keypair', 'create', 'laptop')).code).not.toBe(0)
    expect(cli.stateBytes()).toBe(state)

    writeFileSync(join(cli.home, 'secret'), readFileSync(key, 'utf8'))
    const priv = await cli.run('keypair', 'create', 'oops', '--public-key', join(cli.home, 'secret'))
    expect(priv.code).not.toBe(0)
    expect(priv.stderr).toContain('a private key was given?')
  })

  it('deletes all the named keypairs or none, and answers to keypair-add', async () => {
    const cli = new CliHome()
    const added = await cli.run('keypair-add', 'one', '--json')
    expect(added.code, added.stderr).toBe(0)
    const one = JSON.parse(added.stdout) as KeypairJson
    expect(one.private_key).toContain('BEGIN OPENSSH PRIVATE KEY')
    const printed = await cli.run('keypair', 'create', 'two', '--type', 'rsa')
    expect(printed.stdout.trim()).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----[\s\S]+-----END OPENSSH PRIVATE KEY-----$/)

    const state = cli.stateBytes()
    const refused = await cli.run('keypair', 'delete', 'one', 'nope', 'two')
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('No keypair named "nope"; nothing was deleted')
    expect(cli.stateBytes()).toBe(state)

    const deleted = await cli.run('keypair', 'delete', 'one', 'two')
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stdout).toBe('Deleted keypair one\nDeleted keypair two')
    expect(await cli.json('keypair', 'list')).toEqual([])
  })
})
