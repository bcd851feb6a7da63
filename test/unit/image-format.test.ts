// Format detection reads the file, never trusts a name or a flag, and refuses a
// qcow2 that would make the hypervisor read some other file on the host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../src/core/images/format.js'

const dir = mkdtempSync(join(tmpdir(), 'fmt-'))
const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { cwd: dir, stdio: 'pipe' })
const detect = (name: string) => detectFormat(join(dir, name), statSync(join(dir, name)).size)

describe('detectFormat', () => {
  it('recognizes a qcow2 image and its virtual size', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', 'plain.qcow2', '64M')
    expect(await detect('plain.qcow2')).toEqual({ diskFormat: 'qcow2', virtualSize: 64 * 1024 * 1024 })
  })

  it('recognizes a raw image', async () => {
    writeFileSync(join(dir, 'disk.raw'), Buffer.alloc(2048))
    expect(await detect('disk.raw')).toEqual({ diskFormat: 'raw', virtualSize: 2048 })
  })

  it('refuses a qcow2 with a backing file', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', join(dir, 'plain.qcow2'), 'overlay.qcow2')
    await expect(detect('overlay.qcow2')).rejects.toThrow(/backing file/)
  })

  it('refuses a qcow2 with an external data file', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-o', `data_file=${join(dir, 'data.bin')}`, 'external.qcow2', '16M')
    await expect(detect('external.qcow2')).rejects.toThrow(/external data file/)
  })

  it('refuses other formats with a way to convert them', async () => {
    qemuImg('create', '-q', '-f', 'vmdk', 'disk.vmdk', '16M')
    await expect(detect('disk.vmdk')).rejects.toThrow(/VMDK/)
    writeFileSync(join(dir, 'disk.gz'), Buffer.from([0x1f, 0x8b, 8, 0, ...Buffer.alloc(508)]))
    await expect(detect('disk.gz')).rejects.toThrow(/gzip/)
  })

  it('refuses a file that is not a whole number of sectors (text, say)', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello\n')
    await expect(detect('notes.txt')).rejects.toThrow(/not a disk image/)
    writeFileSync(join(dir, 'empty'), '')
    await expect(detect('empty')).rejects.toThrow(/not a disk image/)
  })
})
