// The drive is built for real with the tools on this machine and read back with
// isoinfo and mtools, the way a guest would find it: by label, then by path.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { UserError } from '../../src/core/errors.js'
import { configDriveFiles } from '../../src/core/metadata/config-drive.js'
import { buildConfigDriveImage } from '../../src/hypervisor/config-drive-image.js'

const dir = mkdtempSync(join(tmpdir(), 'cfgdrive-test-'))
afterAll(() => execFileSync('rm', ['-rf', dir]))
const userData = gzipSync(Buffer.from('#cloud-config\nruncmd: [[touch, /ok]]\n'))
const files = configDriveFiles({
  uuid: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', name: 'vm1', hostname: 'vm1', availabilityZone: 'nova', projectId: 'admin',
  launchIndex: 0, keyName: 'k', keyData: 'ssh-ed25519 AAAA k', properties: {}, userData, mac: '52:54:00:00:00:01',
})
const metaData = files.find((f) => f.path === 'openstack/latest/meta_data.json')!.data
const tool = (file: string, args: string[]): Buffer => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } })
const tempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('homenova-config-drive-'))

describe('buildConfigDriveImage', () => {
  it('builds an iso9660 drive labelled config-2 whose files read back byte for byte', async () => {
    const iso = join(dir, 'disk.config.iso')
    await buildConfigDriveImage(files, iso, 'iso9660')
    expect(tool('isoinfo', ['-d', '-i', iso]).toString()).toMatch(/Volume id: config-2/)
    expect(tool('isoinfo', ['-R', '-x', '/openstack/latest/meta_data.json', '-i', iso]).equals(metaData)).toBe(true)
    expect(tool('isoinfo', ['-J', '-x', '/openstack/latest/user_data', '-i', iso]).equals(userData)).toBe(true)
    expect(tool('isoinfo', ['-R', '-x', '/ec2/latest/user-data', '-i', iso]).equals(userData)).toBe(true)
  })

  it('builds a vfat drive labelled config-2 whose files read back byte for byte', async () => {
    const img = join(dir, 'disk.config.vfat')
    await buildConfigDriveImage(files, img, 'vfat')
    expect(tool('mlabel', ['-s', '-i', img, '::']).toString()).toMatch(/config-2/i)
    expect(tool('mtype', ['-i', img, '::/openstack/latest/meta_data.json']).equals(metaData)).toBe(true)
    expect(tool('mcopy', ['-i', img, '::/openstack/latest/user_data', '-']).equals(userData)).toBe(true)
    expect(tool('mdir', ['-b', '-i', img, '::/openstack']).toString()).toMatch(/2020-10-14/)
    expect(statSync(img).size).toBeLessThan(8 * 1024 * 1024)
  })

  it('says which package to install when no ISO tool is found, and leaves nothing behind', async () => {
    const empty = mkdtempSync(join(dir, 'empty-path-'))
    const before = tempDirs()
    const out = join(dir, 'never.iso')
    const error = await buildConfigDriveImage(files, out, 'iso9660', { searchDirs: [empty] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(/genisoimage/)
    expect((error as UserError).hint).toMatch(/apt-get install genisoimage/)
    expect((error as UserError).hint).toMatch(/config_drive_format vfat/)
    expect(existsSync(out)).toBe(false)
    expect(tempDirs()).toEqual(before)
  })

  it('names dosfstools and mtools when the vfat tools are missing', async () => {
    const error = await buildConfigDriveImage(files, join(dir, 'never.img'), 'vfat', { searchDirs: [dir] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).hint).toMatch(/apt-get install dosfstools mtools/)
  })

  it('removes its temporary tree when a tool fails, and says which tool', async () => {
    const before = tempDirs()
    await expect(buildConfigDriveImage(files, join(dir, 'no-such-dir', 'x.iso'), 'iso9660')).rejects.toThrow(/genisoimage exited with/)
    expect(tempDirs()).toEqual(before)
  })

  it('refuses a path that would leave the drive', async () => {
    const bad = [{ path: '../escape', data: Buffer.from('x') }]
    await expect(buildConfigDriveImage(bad, join(dir, 'bad.iso'), 'iso9660')).rejects.toThrow(/escapes/)
    expect(existsSync(join(dir, 'bad.iso'))).toBe(false)
  })
})
