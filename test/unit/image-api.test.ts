// The image API over the whole control plane (fake hosts): conversions keep
// the guest's bytes, boot checks refuse what Nova refuses before anything is
// recorded, protection and visibility, and deleting an image servers use.
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrateState } from '../../src/core/store/migrations.js'
import { harness, type Harness } from '../helpers/harness.js'

const MiB = 1024 * 1024
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex')

let h: Harness
let n = 0
beforeEach(async () => {
  h = await harness()
})

/** The guest-visible bytes of an image file, as qemu-img reads them: the sha256 of its raw conversion. */
function rawSha256(file: string, format: string): string {
  const out = join(h.home, `raw-${++n}`)
  execFileSync('qemu-img', ['convert', '-f', format, '-O', 'raw', file, out])
  return sha256(out)
}

/** A qcow2 file with 1 MiB of random data at the start of a 4 MiB disk. */
function qcow2File(): string {
  const raw = join(h.home, 'data.raw')
  writeFileSync(raw, Buffer.concat([randomBytes(MiB), Buffer.alloc(3 * MiB)]))
  const file = join(h.home, 'data.qcow2')
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, file])
  return file
}

describe('image convert', () => {
  it('round-trips qcow2 -> raw -> qcow2 into new images that keep the raw content', async () => {
    const file = qcow2File()
    const source = await h.services.images.create('src', file)
    expect(source).toMatchObject({ diskFormat: 'qcow2', virtualSize: 4 * MiB, checksum: sha256(file), md5: md5(file), size: readFileSync(file).length })
    const raw = await h.services.images.convert('src', 'raw')
    expect(raw).toMatchObject({ name: 'src-raw', diskFormat: 'raw', size: 4 * MiB, virtualSize: 4 * MiB, checksum: sha256(raw.file), md5: md5(raw.file) })
    expect(raw.checksum).toBe(sha256(join(h.home, 'data.raw')))
    const back = await h.services.images.convert(raw.id, 'qcow2', 'again')
    expect(back).toMatchObject({ name: 'again', diskFormat: 'qcow2', checksum: sha256(back.file) })
    expect(new Set([source.id, raw.id, back.id]).size).toBe(3)
    expect(rawSha256(back.file, 'qcow2')).toBe(rawSha256(source.file, 'qcow2'))
    expect((await h.services.images.list()).map((i) => i.name)).toEqual(['tiny', 'src', 'src-raw', 'again'])
  })

  it('makes a vmdk, which cannot boot until converted back to qcow2', async () => {
    const vmdk = await h.services.images.convert('tiny', 'vmdk', 'tiny-vmdk')
    expect(vmdk.diskFormat).toBe('vmdk')
    const before = await h.services.store.read()
    await expect(h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny-vmdk' })).rejects.toMatchObject({
      message: 'Image tiny-vmdk is a vmdk image; hosts boot only qcow2 and raw images',
      hint: expect.stringContaining('homenova image convert tiny-vmdk --to qcow2'),
    })
    expect((await h.services.store.read()).generation).toBe(before.generation)
    await h.services.images.convert('tiny-vmdk', 'qcow2', 'bootable')
    const { handle } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'bootable' })
    await handle.wait()
    expect((await h.server('vm')).vmState).toBe('active')
  })
})

describe('boot checks at server create (Nova: FlavorMemoryTooSmall, FlavorDiskSmallerThanImage, FlavorDiskSmallerThanMinDisk)', () => {
  const refused = async (image: string, message: RegExp) => {
    const before = await h.services.store.read()
    await expect(h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image })).rejects.toThrow(message)
    const after = await h.services.store.read()
    expect(after.generation).toBe(before.generation)
    expect(after.servers).toEqual([])
  }

  it('refuses a flavor under min_ram or min_disk, and an image bigger than the root disk; the store is unchanged', async () => {
    await h.services.images.update('tiny', { minRam: 1024 })
    await refused('tiny', /^Flavor's memory is too small for requested image\./)
    await h.services.images.update('tiny', { minRam: 512, minDisk: 2 })
    await refused('tiny', /^Flavor's disk is smaller than the minimum size specified in image metadata\. Flavor disk is 1073741824 bytes, minimum size is 2147483648 bytes\./)
    const big = join(h.home, 'big.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', big, '2G'])
    await h.services.images.create('big', big)
    await refused('big', /^Flavor's disk is too small for requested image\. Flavor disk is 1073741824 bytes, image is 2147483648 bytes\./)
    // m1.tiny (512 MB, 1 GB) fits once the minimums do.
    await h.services.images.update('tiny', { minDisk: 1 })
    const { handle } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })
    await handle.wait()
    expect((await h.server('vm')).vmState).toBe('active')
  })
})

describe('protection, visibility and deletion', () => {
  it("refuses to delete a protected image with Glance's message, and deletes it once unprotected", async () => {
    const image = await h.services.images.update('tiny', { protected: true })
    const before = await h.services.store.read()
    await expect(h.services.images.delete('tiny')).rejects.toThrow(`Image ${image.id} is protected and cannot be deleted.`)
    expect((await h.services.store.read()).generation).toBe(before.generation)
    expect(existsSync(image.file)).toBe(true)
    await h.services.images.update('tiny', { protected: false })
    await h.services.images.delete('tiny')
    expect(existsSync(image.file)).toBe(false)
  })

  it("starts shared (Glance's default) and takes every visibility", async () => {
    expect((await h.services.images.show('tiny')).visibility).toBe('shared')
    for (const visibility of ['public', 'community', 'private', 'shared'] as const) {
      expect((await h.services.images.update('tiny', { visibility })).visibility).toBe(visibility)
    }
    await expect(h.services.images.update('tiny', { properties: { min_ram: '1' } })).rejects.toThrow("Attribute 'min_ram' is reserved.")
  })

  it('deletes an image a server runs from: the server keeps running and shows; a rebuild onto it is refused', async () => {
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
    const snapshot = await h.services.compute.createServerImage('vm', 'snap')
    await snapshot.handle.wait()
    expect(await h.services.images.show('snap')).toMatchObject({ visibility: 'private', minDisk: 1, md5: expect.stringMatching(/^[0-9a-f]{32}$/) })
    const image = await h.services.images.delete('tiny')
    const { serverView } = await import('../../src/cli/views.js')
    const state = await h.services.store.read()
    expect(serverView(await h.server('vm'), state)).toMatchObject({ status: 'ACTIVE', image: { id: image.id, name: null } })
    const rebuild = await h.services.compute.rebuildServer('vm')
    expect(rebuild.results[0]).toMatchObject({ error: { message: `The image ${image.id} of server vm was deleted: the server cannot be rebuilt from it` } })
  })
})

describe('images recorded before schema 3', () => {
  it("gain Glance's defaults: no md5 taken, no minimums, shared, unprotected", () => {
    const old = { id: 'i1', name: 'old', status: 'active', diskFormat: 'raw', containerFormat: 'bare', size: 512, virtualSize: 512, checksum: 'c', file: '/f', properties: {}, createdAt: 't0' }
    const migrated = migrateState({ version: 2, images: [old], servers: [] }, 'state.json') as { images: unknown[] }
    expect(migrated.images).toEqual([{ ...old, md5: null, minDisk: 0, minRam: 0, visibility: 'shared', protected: false, updatedAt: 't0' }])
  })
})
