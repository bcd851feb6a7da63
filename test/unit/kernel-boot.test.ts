// Kernel and ramdisk images (aki/ari) and AMI-style images: kernel_id and
// ramdisk_id are checked when set and stored as IDs; the domain boots the
// kernel directly with the initrd and os_command_line; simulated hosts cache
// both like bases.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { InstanceSpec } from '../../src/hypervisor/driver.js'
import { domainXml, instancePaths } from '../../src/hypervisor/libvirt/domain-xml.js'
import { ImageCacheApi } from '../../src/core/images/cache-api.js'
import { harness, type Harness } from '../helpers/harness.js'

const instance: InstanceSpec = {
  uuid: '0a1b2c3d-1111-2222-3333-444455556666',
  name: 'vm',
  domainName: 'instance-0a1b2c3d',
  vcpus: 1,
  memoryMb: 256,
  diskGb: 1,
  flavorName: 'm1.tiny',
  mac: 'fa:16:3e:00:00:04',
  image: { id: 'img-1', checksum: 'abc', diskFormat: 'raw', size: 512, virtualSize: 512, localPath: '/x' },
} as InstanceSpec
const paths = instancePaths('/var/lib/homenova', instance.uuid)
const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml).domain

describe('the <os> of a direct kernel boot', () => {
  it('names the kernel, initrd and command line and no boot device', () => {
    const d = parse(domainXml(instance, paths, { virtType: 'qemu', arch: 'x86_64', createdAt: 't', directBoot: { kernel: '/var/lib/homenova/_base/k', initrd: '/var/lib/homenova/_base/r', cmdline: 'console=ttyS0 root=/dev/vda <&>' } }))
    expect(d.os).toMatchObject({ kernel: '/var/lib/homenova/_base/k', initrd: '/var/lib/homenova/_base/r', cmdline: 'console=ttyS0 root=/dev/vda <&>' })
    expect(d.os.boot).toBeUndefined()
  })

  it('boots from the disk without one', () => {
    const d = parse(domainXml(instance, paths, { virtType: 'qemu', arch: 'x86_64', createdAt: 't' }))
    expect(d.os.kernel).toBeUndefined()
    expect(d.os.boot).toEqual({ '@_dev': 'hd' })
  })
})

async function file(h: Harness, name: string, bytes: Buffer) {
  const path = join(h.home, name)
  writeFileSync(path, bytes)
  return path
}

describe('AMI-style images', () => {
  async function registered() {
    const h = await harness([['sim1']])
    const kernel = await h.services.images.create('vmlinuz', await file(h, 'vmlinuz', Buffer.alloc(4096, 7)), { diskFormat: 'aki', containerFormat: 'aki' })
    const ramdisk = await h.services.images.create('initrd', await file(h, 'initrd', Buffer.alloc(2048, 9)), { diskFormat: 'ari', containerFormat: 'ari' })
    return { h, kernel, ramdisk }
  }

  it('stores kernel_id and ramdisk_id as the IDs of the aki and ari images they name', async () => {
    const { h, kernel, ramdisk } = await registered()
    const disk = await file(h, 'root.raw', Buffer.alloc(1024 * 1024, 1))
    const ami = await h.services.images.create('guest', disk, { properties: { kernel_id: 'vmlinuz', ramdisk_id: ramdisk.id, os_command_line: 'console=ttyS0' } })
    expect(ami.properties).toEqual({ kernel_id: kernel.id, ramdisk_id: ramdisk.id, os_command_line: 'console=ttyS0' })
  })

  it('refuses a kernel_id that names nothing or a non-aki image, and a ramdisk without a kernel, registering nothing', async () => {
    const { h } = await registered()
    const disk = await file(h, 'root.raw', Buffer.alloc(1024 * 1024, 1))
    const before = (await h.services.store.read()).images.length
    await expect(h.services.images.create('g1', disk, { properties: { kernel_id: 'nothing' } })).rejects.toThrow(/No image named or with ID "nothing"/)
    await expect(h.services.images.create('g2', disk, { properties: { kernel_id: 'tiny' } })).rejects.toThrow(/kernel_id must name an active aki image, but tiny is a raw image/)
    await expect(h.services.images.create('g3', disk, { properties: { kernel_id: 'vmlinuz', ramdisk_id: 'vmlinuz' } })).rejects.toThrow(/ramdisk_id must name an active ari image/)
    await expect(h.services.images.create('g4', disk, { properties: { ramdisk_id: 'initrd' } })).rejects.toThrow(/ramdisk_id is set without kernel_id/)
    await expect(h.services.images.setProperties('tiny', { kernel_id: 'initrd' })).rejects.toThrow(/kernel_id must name an active aki image/)
    const ami = await h.services.images.create('g5', disk, { properties: { kernel_id: 'vmlinuz', ramdisk_id: 'initrd' } })
    await expect(h.services.images.unsetProperties('g5', ['kernel_id'])).rejects.toThrow(/would keep ramdisk_id without kernel_id/)
    expect((await h.services.images.show('g5')).properties).toEqual(ami.properties)
    await h.services.images.delete('g5')
    expect((await h.services.store.read()).images.length).toBe(before)
    expect((await h.services.images.show('tiny')).properties).toEqual({})
  })

  it('boots by direct kernel boot, the kernel and ramdisk cached on the host and kept while the server runs', async () => {
    const { h, kernel, ramdisk } = await registered()
    await h.services.images.setProperties('tiny', { kernel_id: 'vmlinuz', ramdisk_id: 'initrd', os_command_line: 'console=ttyS0 homenova.test' })
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
    expect(await h.services.compute.consoleLog('vm')).toMatch(new RegExp(`Command line: console=ttyS0 homenova.test\\n.*direct kernel boot from kernel ${kernel.id} and ramdisk ${ramdisk.id}`))
    h.clock.advance(3 * 86_400_000)
    const pruned = await new ImageCacheApi(h.services.store, h.services.drivers, h.clock).prune()
    const entry = (checksum: string) => pruned.entries.find((e) => e.name === checksum)
    expect(entry(kernel.checksum)).toMatchObject({ action: 'keep', users: [{ server: 'vm', why: 'kernel' }] })
    expect(entry(ramdisk.checksum)).toMatchObject({ action: 'keep', users: [{ server: 'vm', why: 'ramdisk' }] })
  })
})
