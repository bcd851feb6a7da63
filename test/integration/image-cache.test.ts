// `image cache list` and `image cache prune` through the built CLI on a
// simulated host: bases and their users, the minimum age, --dry-run, a base
// kept for a server whose image was deleted, and refused input.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CacheEntry } from '../../src/core/images/cache.js'
import type { PruneReport } from '../../src/core/images/cache-api.js'
import { fakeCluster, type CliHome } from '../helpers/cli.js'

describe('image cache', () => {
  let cli: CliHome
  let tiny: string
  let other: string
  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    const file = join(cli.home, 'other.raw')
    writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 1))
    other = (await cli.json<{ os_hash_value: string }>('image', 'create', 'other', '--file', file)).os_hash_value
    tiny = (await cli.json<{ os_hash_value: string }>('image', 'show', 'tiny')).os_hash_value
    await cli.json('server', 'create', 'vm1', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await cli.json('server', 'create', 'vm2', '--flavor', 'm1.tiny', '--image', 'other', '--wait')
    await cli.json('server', 'delete', 'vm2', '--wait')
  })

  it('lists each base with its image, size and users', async () => {
    const entries = await cli.json<CacheEntry[]>('image', 'cache', 'list')
    expect(entries.map((e) => [e.host, e.image?.name, e.name, e.size, e.users.map((u) => u.server)])).toEqual([
      ['sim1', 'tiny', tiny, 1024 * 1024, ['vm1']],
      ['sim1', 'other', other, 2 * 1024 * 1024, []],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))))
    const table = await cli.run('image', 'cache', 'list', '--host', 'sim1')
    expect(table.stdout).toMatch(/Host\s.*Image\s.*Base File\s.*Size\s.*Users\s.*Last Used\s.*Age/)
    expect(table.stdout).toMatch(new RegExp(`sim1\\s.*tiny\\s.*${tiny}\\s.*1048576\\s.*vm1`))
    const value = await cli.run('image', 'cache', 'list', '-f', 'value', '-c', 'Image', '-c', 'Users')
    expect(value.stdout.split('\n').sort()).toEqual(['other ', 'tiny vm1'])
  })

  it('keeps young unused bases, and with a minimum age of 0 removes them (after --dry-run shows it)', async () => {
    const young = await cli.json<PruneReport>('image', 'cache', 'prune')
    expect(young.entries.find((e) => e.name === other)).toMatchObject({ action: 'keep', reason: expect.stringMatching(/^unused for \d+s, under the 24\.0h minimum age$/) })
    await cli.json('config', 'set', 'remove_unused_original_minimum_age_seconds', '0')
    const before = cli.stateBytes()
    const dry = await cli.run('image', 'cache', 'prune', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(new RegExp(`sim1\\s.*other\\s.*${other}\\s.*remove\\s.*unused for`))
    expect(cli.stateBytes()).toBe(before)
    const pruned = await cli.json<PruneReport>('image', 'cache', 'prune')
    expect(pruned.entries.map((e) => [e.name, e.action])).toEqual(expect.arrayContaining([[other, 'removed'], [tiny, 'keep']]))
    expect((await cli.json<CacheEntry[]>('image', 'cache', 'list')).map((e) => e.name)).toEqual([tiny])
  })

  it("keeps the base of a server whose image was deleted, shown as (deleted)", async () => {
    await cli.json('image', 'delete', 'tiny')
    const list = await cli.run('image', 'cache', 'list')
    expect(list.stdout).toMatch(new RegExp(`sim1\\s.*\\(deleted\\)\\s.*${tiny}\\s.*vm1`))
    const pruned = await cli.json<PruneReport>('image', 'cache', 'prune')
    expect(pruned.entries).toMatchObject([{ name: tiny, action: 'keep', reason: 'in use by vm1' }])
    // The server keeps working: a cold migration needs no image, only its disk.
    await cli.json('host', 'add', 'sim2', '--driver', 'fake')
    await cli.json('server', 'migrate', 'vm1', '--wait')
    expect((await cli.json<{ status: string }>('server', 'show', 'vm1')).status).toBe('VERIFY_RESIZE')
    await cli.json('server', 'resize', 'confirm', 'vm1', '--wait')
    // Now nothing on sim1 reads it: the next pass removes it.
    const after = await cli.json<PruneReport>('image', 'cache', 'prune', '--host', 'sim1')
    expect(after.entries).toMatchObject([{ name: tiny, action: 'removed' }])
  })

  it('refuses an unknown host, changing nothing', async () => {
    const before = cli.stateBytes()
    for (const verb of ['list', 'prune']) {
      const r = await cli.run('image', 'cache', verb, '--host', 'nowhere')
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/No host named or with ID "nowhere"/)
    }
    expect(cli.stateBytes()).toBe(before)
  })
})
