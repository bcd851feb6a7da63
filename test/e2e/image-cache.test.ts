// The image cache on a real libvirt host, in an instances directory of this
// file's own (so its prune never touches the bases other e2e files use): a
// server whose image was deleted keeps its base (found by the disk's backing
// file on the host), and the base goes once the server is gone; each checked
// over OpenSSH on the host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import type { CacheEntry } from '../../src/core/images/cache.js'
import type { PruneReport } from '../../src/core/images/cache-api.js'
import { CliHome } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'


describe('the image cache on a real host', () => {
  const cli = new CliHome()
  let host: RealHost
  let base: string
  let dir: string

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[0]
    dir = `${onHost(host, 'printenv HOME').trim()}/.local/share/homenova-image-cache-e2e`
    expect((await cli.run('host', 'add', host.name, ...hostArgs(host), '--instances-dir', dir)).code).toBe(0)
    // Raw, so this file's base is not the qcow2 guest image other files cache.
    const raw = join(mkdtempSync(join(tmpdir(), 'homenova-cache-')), 'guest.raw')
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image, raw])
    base = (await cli.json<{ os_hash_value: string }>('image', 'create', 'cached', '--file', raw)).os_hash_value
    expect((await cli.run('config', 'set', 'remove_unused_original_minimum_age_seconds', '0')).code).toBe(0)
  })
  afterAll(async () => {
    await cli.run('server', 'delete', 'cachevm', '--wait')
    onHost(host, `rm -rf ${dir}`)
  })

  const onDisk = () => onHost(host, `ls -A ${dir}/_base`).split('\n').filter(Boolean)

  it('keeps the base of a server whose image was deleted, and removes it once the server is gone', { timeout: 240_000 }, async () => {
    const server = await cli.json<ServerView>('server', 'create', 'cachevm', '--flavor', 'm1.tiny', '--image', 'cached', '--wait')
    expect(onHost(host, `qemu-img info -U --output=json ${dir}/instances/${server.id}/disk`)).toContain(`${dir}/_base/${base}`)
    expect((await cli.run('image', 'delete', 'cached')).code).toBe(0)
    const listed = await cli.json<CacheEntry[]>('image', 'cache', 'list', '--host', host.name)
    expect(listed).toMatchObject([{ name: base, image: null, users: [{ serverId: server.id, server: 'cachevm', why: 'disk' }] }])
    expect((await cli.run('image', 'cache', 'list', '--host', host.name)).stdout).toMatch(new RegExp(`\\(deleted\\)\\s.*${base}\\s.*cachevm`))
    const kept = await cli.json<PruneReport>('image', 'cache', 'prune', '--host', host.name)
    expect(kept.entries).toMatchObject([{ name: base, action: 'keep', reason: 'in use by cachevm' }])
    expect(onDisk()).toEqual([base])
    // The server still reboots from its disk, its image gone.
    expect((await cli.run('server', 'reboot', '--hard', 'cachevm', '--wait')).code).toBe(0)
    expect((await cli.run('server', 'delete', 'cachevm', '--wait')).code).toBe(0)
    const dry = await cli.json<PruneReport>('image', 'cache', 'prune', '--host', host.name, '--dry-run')
    expect(dry.entries).toMatchObject([{ name: base, action: 'remove' }])
    expect(onDisk()).toEqual([base])
    const pruned = await cli.json<PruneReport>('image', 'cache', 'prune', '--host', host.name)
    expect(pruned.entries).toMatchObject([{ name: base, action: 'removed' }])
    expect(onDisk()).toEqual([])
  })
})
