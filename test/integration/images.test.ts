// Images through the built CLI, as an operator uses Glance: import with
// attributes, list, show in Glance's fields, change, save, convert, delete;
// refused input exits non-zero with one clear line and leaves the store as it was.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImageView } from '../../src/cli/views-images.js'
import { fakeCluster, type CliHome } from '../helpers/cli.js'

const hash = (algo: string, path: string) => createHash(algo).update(readFileSync(path)).digest('hex')

describe('images through the CLI', () => {
  let cli: CliHome
  let disk: string
  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    disk = join(cli.home, 'disk.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M'])
  })

  const refused = async (args: string[], message: RegExp, code = 1) => {
    const before = cli.stateBytes()
    const r = await cli.run(...args)
    expect(r.code, r.stdout).toBe(code)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toMatch(/^Hint: /m)
    expect(cli.stateBytes()).toBe(before)
  }

  it("creates an image with Glance's attributes and shows them in Glance's fields", async () => {
    const created = await cli.json<ImageView>('image', 'create', 'deb', '--file', disk, '--property', 'os_distro=debian', '--min-disk', '1', '--min-ram', '256', '--public', '--protected')
    expect(created).toMatchObject({
      name: 'deb', status: 'active', disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 256, visibility: 'public', protected: true,
      size: readFileSync(disk).length, virtual_size: 64 * 1024 * 1024, checksum: hash('md5', disk), os_hash_algo: 'sha256', os_hash_value: hash('sha256', disk),
      properties: { os_distro: 'debian' },
    })
    const shown = await cli.run('image', 'show', 'deb')
    expect(shown.code).toBe(0)
    for (const field of ['checksum', 'container_format', 'disk_format', 'min_disk', 'min_ram', 'os_hash_algo', 'os_hash_value', 'protected', 'virtual_size', 'visibility']) expect(shown.stdout).toContain(field)
    expect(shown.stdout).toMatch(/properties\s+│?\s*os_distro='debian'/)
  })

  it('lists ID, Name, Status, and more with --long', async () => {
    const short = await cli.run('image', 'list')
    expect(short.stdout.split('\n')[1]).toMatch(/ID\s.*Name\s.*Status/)
    expect(short.stdout).not.toContain('Disk Format')
    const long = await cli.run('image', 'list', '--long')
    expect(long.stdout).toMatch(/ID.*Name.*Disk Format.*Container Format.*Size.*Checksum.*Status.*Visibility.*Protected/)
    expect(long.stdout).toMatch(new RegExp(`deb .*qcow2 .*bare .*${hash('md5', disk)}.*active .*public .*True`))
    expect((await cli.json<ImageView[]>('image', 'list')).map((i) => i.name)).toEqual(['tiny', 'deb'])
  })

  it('sets and unsets attributes', async () => {
    const set = await cli.json<ImageView>('image', 'set', 'deb', '--name', 'debian', '--min-ram', '128', '--private', '--property', 'hw_vm_mode=hvm')
    expect(set).toMatchObject({ name: 'debian', min_ram: 128, visibility: 'private', properties: { os_distro: 'debian', hw_vm_mode: 'hvm' } })
    expect(await cli.json<ImageView>('image', 'unset', 'debian', '--property', 'hw_vm_mode')).toMatchObject({ properties: { os_distro: 'debian' } })
    await refused(['image', 'set', 'debian', '--property', 'visibility=public'], /Attribute 'visibility' is reserved\./)
  })

  it('saves the data to a new file and never over an existing one', async () => {
    const out = join(cli.home, 'saved.qcow2')
    const saved = await cli.json<{ os_hash_value: string }>('image', 'save', 'debian', '--file', out)
    expect(saved.os_hash_value).toBe(hash('sha256', disk))
    expect(hash('sha256', out)).toBe(hash('sha256', disk))
    writeFileSync(out, 'mine')
    await refused(['image', 'save', 'debian', '--file', out], /saved.qcow2 already exists/)
    expect(readFileSync(out, 'utf8')).toBe('mine')
  })

  it('converts into a new image that boots only once it is qcow2 or raw', async () => {
    const vmdk = await cli.json<ImageView>('image', 'convert', 'tiny', '--to', 'vmdk')
    expect(vmdk).toMatchObject({ name: 'tiny-vmdk', disk_format: 'vmdk', status: 'active' })
    await refused(['server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny-vmdk'], /Image tiny-vmdk is a vmdk image; hosts boot only qcow2 and raw images\nHint: Convert it: `homenova image convert tiny-vmdk --to qcow2`/)
    const qcow2 = await cli.json<ImageView>('image', 'convert', 'tiny-vmdk', '--to', 'qcow2', '--name', 'tiny2')
    expect(qcow2).toMatchObject({ name: 'tiny2', disk_format: 'qcow2', virtual_size: 1024 * 1024 })
    expect(qcow2.id).not.toBe(vmdk.id)
    expect((await cli.json<{ status: string }>('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny2', '--wait')).status).toBe('ACTIVE')
  })

  it('refuses to delete a protected image, deletes it once unprotected', async () => {
    const { id } = await cli.json<ImageView>('image', 'set', 'debian', '--protected')
    await refused(['image', 'delete', 'debian'], new RegExp(`Image ${id} is protected and cannot be deleted\\.`))
    await cli.json('image', 'set', 'debian', '--unprotected')
    expect(await cli.json('image', 'delete', 'debian')).toEqual({ id, name: 'debian', deleted: true })
    expect((await cli.run('image', 'show', id)).code).toBe(1)
  })

  it('refuses a declared format the file is not, and a qcow2 with a backing file', async () => {
    const raw = join(cli.home, 'plain.raw')
    writeFileSync(raw, Buffer.alloc(1024 * 1024))
    await refused(['image', 'create', 'x', '--file', raw, '--disk-format', 'qcow2'], /plain.raw is raw content, but --disk-format says qcow2/)
    const overlay = join(cli.home, 'overlay.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', disk, overlay])
    await refused(['image', 'create', 'x', '--file', overlay], /qcow2 image with a backing file/)
    await refused(['image', 'convert', 'tiny', '--to', 'qed'], /Expected --to=qed to be one of: qcow2, raw, vmdk, vdi, vpc/, 2)
  })
})
