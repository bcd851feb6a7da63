// Nova's image cache manager on simulated hosts: which cached base is kept and
// which removed, and the actions Nova allows on a server whose image was
// deleted (Glance lets the server keep running; its base stays on the host).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ImageCacheApi, type PrunedEntry } from '../../src/core/images/cache-api.js'
import { decide, duration } from '../../src/core/images/cache.js'
import { parseBaseListing } from '../../src/hypervisor/libvirt/image-cache.js'
import { harness, type Harness } from '../helpers/harness.js'

const DAY = 86_400_000

describe('the keep or remove decision', () => {
  it('keeps a base in use however old, and an unused one until the minimum age has passed', () => {
    const user = { serverId: 'u1', server: 'vm1', why: 'disk' as const }
    expect(decide({ users: [user], ageSeconds: 10 * 86400 }, 86400)).toEqual({ action: 'keep', reason: 'in use by vm1' })
    expect(decide({ users: [], ageSeconds: 3600 }, 86400)).toEqual({ action: 'keep', reason: 'unused for 60m, under the 24.0h minimum age' })
    expect(decide({ users: [], ageSeconds: 86400 }, 86400)).toEqual({ action: 'remove', reason: 'unused for 24.0h' })
    expect(decide({ users: [], ageSeconds: 0 }, 0).action).toBe('remove')
  })

  it('names each server once', () => {
    const users = [
      { serverId: 'u1', server: 'vm1', why: 'disk' as const },
      { serverId: 'u1', server: 'vm1', why: 'kernel' as const },
      { serverId: 'u2', server: 'vm2', why: 'rescue' as const },
    ]
    expect(decide({ users, ageSeconds: 0 }, 60).reason).toBe('in use by vm1, vm2')
  })

  it("reads the host's _base listing (find -printf) and ignores names that are not plain file names", () => {
    const listing = `${'a'.repeat(64)}\t1048576\t1764500000.2500000000\n${'b'.repeat(64)}.1f2e3d4c.part\t512\t1764500001.0\n..\t1\t1\nbad name\t1\t1\n`
    expect(parseBaseListing(listing)).toEqual([
      { name: 'a'.repeat(64), size: 1048576, mtimeMs: 1764500000250 },
      { name: `${'b'.repeat(64)}.1f2e3d4c.part`, size: 512, mtimeMs: 1764500001000 },
    ])
  })

  it('says durations in the largest sensible unit', () => {
    expect([duration(5), duration(600), duration(3 * 3600), duration(3 * 86400)]).toEqual(['5s', '10m', '3.0h', '3.0d'])
  })
})

async function image(h: Harness, name: string, mib: number) {
  const file = join(h.home, `${name}.raw`)
  // Distinct content per image, so each has its own sha256 and base.
  writeFileSync(file, Buffer.alloc(mib * 1024 * 1024, name.charCodeAt(0)))
  return h.services.images.create(name, file)
}
const ok = async (accepted: Promise<{ results: unknown[]; handle: { wait(): Promise<unknown> } }>) => {
  const a = await accepted
  for (const r of a.results) expect(r).not.toHaveProperty('error')
  await a.handle.wait()
}
const boot = async (h: Harness, name: string, imageName: string, extra: Record<string, string> = {}) =>
  (await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: imageName, ...extra })).handle.wait()

describe('the cache pass on simulated hosts', () => {
  it("keeps what servers use (also a deleted image's base, a rescue image, a kept resize disk, a shelved snapshot) and removes the rest once old", async () => {
    const h = await harness([['sim1'], ['sim2']])
    const api = new ImageCacheApi(h.services.store, h.services.drivers, h.clock)
    const [gone, spare, rescue] = [await image(h, 'gone', 1), await image(h, 'spare', 2), await image(h, 'rescuer', 1)]
    await boot(h, 'keeper', 'tiny')
    await boot(h, 'orphan', 'gone')
    await boot(h, 'brief', 'spare')
    const orphan = await h.server('orphan')
    await ok(h.services.compute.deleteServers(['brief']))
    await h.services.images.delete('gone')
    await ok(h.services.compute.rescueServer('keeper', 'rescuer'))

    const listed = await api.list()
    const byImage = (id: string) => listed.entries.filter((e) => e.name === id)
    expect(byImage(gone.checksum).map((e) => [e.host, e.image, e.users.map((u) => u.server)])).toEqual([[expect.any(String), null, ['orphan']]])
    expect(byImage(spare.checksum).every((e) => e.users.length === 0)).toBe(true)
    expect(byImage(rescue.checksum).flatMap((e) => e.users.map((u) => `${u.server}:${u.why}`))).toContain('keeper:disk')

    // Young: nothing goes yet.
    expect((await api.prune()).entries.filter((e) => e.action === 'removed')).toEqual([])

    // The orphan resized to the other host and not confirmed: its kept disk on the source reads the deleted image's base.
    await ok(h.services.compute.migrateServers(['orphan']))
    expect((await h.server('orphan')).vmState).toBe('resized')
    h.clock.advance(2 * DAY)
    const beforeDry = await api.list()
    const dry = await api.prune({ dryRun: true })
    expect(dry.entries.filter((e) => e.action === 'remove').map((e) => e.name)).toEqual([spare.checksum])
    expect(await api.list()).toEqual(beforeDry)
    const pruned = await api.prune()
    const action = (name: string, host: string) => pruned.entries.find((e: PrunedEntry) => e.name === name && e.hostId === host)?.action
    expect(action(gone.checksum, orphan.host!)).toBe('keep')
    expect(pruned.entries.filter((e) => e.action === 'removed').map((e) => e.name)).toEqual([spare.checksum])
    expect((await api.list()).entries.some((e) => e.name === spare.checksum)).toBe(false)

    // Confirmed: the source keeps nothing of the orphan, so its base goes at the next pass once old.
    await ok(h.services.compute.simpleAction(['orphan'], 'confirm_resize'))
    h.clock.advance(2 * DAY)
    const after = await api.prune()
    expect(after.entries.filter((e) => e.action === 'removed').map((e) => e.name)).toEqual([gone.checksum])
  })

  it("keeps a shelved server's snapshot while it is offloaded", async () => {
    const h = await harness([['sim1']])
    const api = new ImageCacheApi(h.services.store, h.services.drivers, h.clock)
    // Not tiny: a simulated snapshot is 1 MiB of zeros, the same bytes (and base) as tiny.
    const own = await image(h, 'own', 1)
    await boot(h, 'vm', 'own')
    await ok(h.services.compute.shelveServers(['vm']))
    const vm = await h.server('vm')
    expect(vm.vmState).toBe('shelved_offloaded')
    const snapshot = (await h.services.store.read()).images.find((i) => i.id === vm.shelvedImageId)!
    // Cache the snapshot on the host, as an unshelve there would.
    const sim1 = (await h.services.store.read()).hosts[0]
    const driver = await h.services.drivers(sim1)
    await driver.ensureImage({ id: snapshot.id, checksum: snapshot.checksum, diskFormat: 'qcow2', size: snapshot.size, virtualSize: snapshot.virtualSize, localPath: snapshot.file })
    h.clock.advance(2 * DAY)
    const pruned = await api.prune()
    expect(pruned.entries.find((e) => e.name === snapshot.checksum)).toMatchObject({ action: 'keep', users: [{ server: 'vm', why: 'shelved snapshot' }] })
    // Its own image's base is no longer used by anyone: the offloaded server's disk is gone.
    expect(pruned.entries.find((e) => e.name === own.checksum)?.action).toBe('removed')
  })

  it("runs in the conductor's periodic work, with the power sync of each host", async () => {
    const h = await harness([['sim1']])
    const api = new ImageCacheApi(h.services.store, h.services.drivers, h.clock)
    await boot(h, 'vm', 'tiny')
    await boot(h, 'brief', 'tiny')
    await ok(h.services.compute.deleteServers(['vm', 'brief']))
    expect((await api.list()).entries).toHaveLength(1)
    h.clock.advance(DAY / 2)
    await h.services.conductor().drain()
    expect((await api.list()).entries).toHaveLength(1)
    h.clock.advance(DAY)
    await h.services.conductor().drain()
    expect((await api.list()).entries).toEqual([])
  })

  it('removes nothing when remove_unused_base_images is off', async () => {
    const h = await harness([['sim1']])
    await boot(h, 'vm', 'tiny')
    await ok(h.services.compute.deleteServers(['vm']))
    await h.services.config.set('remove_unused_base_images', 'false')
    h.clock.advance(2 * DAY)
    const pruned = await new ImageCacheApi(h.services.store, h.services.drivers, h.clock).prune()
    expect(pruned.entries).toMatchObject([{ action: 'keep', reason: expect.stringContaining('remove_unused_base_images is off') }])
  })
})

describe('a server whose image was deleted', () => {
  async function orphaned(hosts: Array<[string]> = [['sim1'], ['sim2']]) {
    const h = await harness(hosts)
    await image(h, 'gone', 1)
    await boot(h, 'vm', 'gone')
    await h.services.images.delete('gone')
    return h
  }

  it('resizes and confirms, migrates and reverts: the moves use its own disk', async () => {
    const h = await orphaned()
    await ok(h.services.compute.resizeServer('vm', 'm1.small'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'resized', taskState: null })
    await ok(h.services.compute.simpleAction(['vm'], 'confirm_resize'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null, flavor: { name: 'm1.small' } })
    const before = (await h.server('vm')).host
    await ok(h.services.compute.migrateServers(['vm']))
    await ok(h.services.compute.simpleAction(['vm'], 'revert_resize'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null, host: before })
  })

  it('is rescued from another image and unrescued, and shelved and unshelved', async () => {
    const h = await orphaned([['sim1']])
    await ok(h.services.compute.rescueServer('vm', 'tiny'))
    expect((await h.server('vm')).vmState).toBe('rescued')
    await ok(h.services.compute.simpleAction(['vm'], 'unrescue'))
    expect((await h.server('vm')).vmState).toBe('active')
    await ok(h.services.compute.shelveServers(['vm']))
    await ok(h.services.compute.simpleAction(['vm'], 'unshelve'))
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: null })
  })

  it('refuses a rescue from its own image and a rebuild from it, as Glance no longer has it, changing nothing', async () => {
    const h = await orphaned([['sim1']])
    const before = JSON.stringify(await h.services.store.read())
    const rescue = await h.services.compute.rescueServer('vm')
    const message = (r: { results: unknown[] }) => ((r.results[0] as { error?: Error }).error?.message ?? '')
    expect(message(rescue)).toMatch(/was deleted: it cannot be the rescue image/)
    const rebuild = await h.services.compute.rebuildServer('vm')
    expect(message(rebuild)).toMatch(/was deleted: the server cannot be rebuilt from it/)
    expect(JSON.stringify(await h.services.store.read())).toBe(before)
    await ok(h.services.compute.rebuildServer('vm', { image: 'tiny' }))
    expect((await h.server('vm')).vmState).toBe('active')
  })
})
