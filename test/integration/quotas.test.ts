// Quotas through the built CLI on simulated hosts, as an operator uses them:
// set, show with usage, enforced at create (multi-create shrinks to fit),
// resize, keypairs, server groups and metadata; refusals change nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import { CliHome, fakeCluster } from '../helpers/cli.js'

type Shown = { project: string | null; quotas: Array<{ resource: string; limit: number; in_use: number | null }> }

describe('quotas through the CLI', () => {
  let cli: CliHome
  const ok = async (...args: string[]) => {
    const r = await cli.run(...args)
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    return r
  }
  const refused = async (message: string, ...args: string[]) => {
    const before = cli.stateBytes()
    const r = await cli.run(...args)
    expect(r.code, `${args.join(' ')} should fail`).toBe(1)
    expect(r.stderr).toContain(message)
    expect(cli.stateBytes()).toBe(before)
    return r
  }
  const limit = (shown: Shown, resource: string) => shown.quotas.find((q) => q.resource === resource)!

  beforeAll(async () => {
    cli = await fakeCluster([['sim1'], ['sim2']])
  })

  it("shows Nova's defaults, with nothing in use", async () => {
    const shown = await cli.json<Shown>('quota', 'show')
    expect(shown.project).toBe('admin')
    expect(limit(shown, 'instances')).toEqual({ resource: 'instances', limit: 10, in_use: 0 })
    expect(limit(shown, 'cores')).toMatchObject({ limit: 20 })
    expect(limit(shown, 'ram')).toMatchObject({ limit: 51200 })
    const table = await ok('quota', 'show', '-f', 'value', '-c', 'Resource', '-c', 'Limit')
    expect(table.stdout).toContain('key-pairs 100')
    expect(table.stdout).toContain('properties 128')
  })

  it('makes as many servers as the quota allows between --min and --max, and refuses past it', async () => {
    await ok('quota', 'set', '--instances', '2', '--cores', '4', 'admin')
    const r = await ok('server', 'create', 'web', '--flavor', 'm1.tiny', '--image', 'tiny', '--min', '1', '--max', '3', '--wait')
    expect(r.stdout).toContain('web-1')
    expect((await cli.json<ServerView[]>('server', 'list')).map((s) => s.name).sort()).toEqual(['web-1', 'web-2'])
    await refused('Quota exceeded for instances: Requested 1, but already used 2 of 2 instances', 'server', 'create', 'one-more', '--flavor', 'm1.tiny', '--image', 'tiny')
    const shown = await cli.json<Shown>('quota', 'show')
    expect(limit(shown, 'instances')).toMatchObject({ limit: 2, in_use: 2 })
    expect(limit(shown, 'cores')).toMatchObject({ limit: 4, in_use: 2 })
  })

  it('lets a resize grow only within the cores and ram quotas', async () => {
    await refused('Quota exceeded for cores: Requested 3, but already used 2 of 4 cores', 'server', 'resize', 'web-1', '--flavor', 'm1.large')
    await ok('server', 'resize', 'web-1', '--flavor', 'm1.medium', '--wait')
    await ok('server', 'resize', 'confirm', 'web-1', '--wait')
    expect(limit(await cli.json<Shown>('quota', 'show'), 'cores')).toMatchObject({ in_use: 3 })
  })

  it('counts key pairs, server groups and metadata items', async () => {
    await ok('quota', 'set', '--key-pairs', '1', '--server-groups', '1', '--properties', '2', 'admin')
    await ok('keypair', 'create', 'k1', '--private-key', `${cli.home}/k1`)
    await refused('Quota exceeded for key_pairs: Requested 1, but already used 1 of 1 key_pairs', 'keypair', 'create', 'k2')
    await ok('server', 'group', 'create', 'g1', '--policy', 'anti-affinity')
    await refused('Quota exceeded for server_groups', 'server', 'group', 'create', 'g2', '--policy', 'affinity')
    await refused('at most 2 properties (the metadata_items quota)', 'server', 'set', 'web-2', '--property', 'a=1', '--property', 'b=2', '--property', 'c=3')
  })

  it('lists projects with their own quotas, falls back to the default class, and deletes back to it', async () => {
    await ok('quota', 'set', '--class', 'default', '--instances', '7')
    expect(limit(await cli.json<Shown>('quota', 'show', 'other'), 'instances')).toMatchObject({ limit: 7, in_use: 0 })
    expect(limit(await cli.json<Shown>('quota', 'show', '--default'), 'instances')).toMatchObject({ limit: 7, in_use: null })
    expect((await cli.json<Array<{ project: string }>>('quota', 'list')).map((p) => p.project)).toEqual(['admin'])
    await ok('quota', 'delete', 'admin')
    expect(limit(await cli.json<Shown>('quota', 'show'), 'instances')).toMatchObject({ limit: 7, in_use: 2 })
  })

  it("shows Nova's absolute limits", async () => {
    const limits = await cli.json<Array<{ name: string; value: number }>>('limits', 'show', '--absolute')
    expect(limits).toEqual(expect.arrayContaining([{ name: 'maxTotalInstances', value: 7 }, { name: 'totalInstancesUsed', value: 2 }, { name: 'totalCoresUsed', value: 3 }]))
  })

  it('refuses bad quota input with a clear message', async () => {
    await refused('Say which quota to set', 'quota', 'set', 'admin')
    await refused("No quota class", 'quota', 'set', '--class', 'gold', '--instances', '1')
    const below = await cli.run('quota', 'set', '--instances', '-2', 'admin')
    expect(below.code).toBe(2)
    await refused('has no quotas of its own', 'quota', 'delete', 'nobody')
  })
})
