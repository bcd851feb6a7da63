// What an image file is, as Glance decides it: every format qemu-img makes is
// recognized by its magic bytes and by qemu-img, which must agree; a declared
// format that is not the content is refused; files that would make a reader
// open other files on the host are refused whatever is declared.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DiskFormat } from '../../src/core/images/formats.js'
import { inspectImage } from '../../src/core/images/inspect.js'
import { readHeader, sniff } from '../../src/core/images/magic.js'

const dir = mkdtempSync(join(tmpdir(), 'formats-'))
const MiB = 1024 * 1024
const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { cwd: dir, stdio: 'pipe' })
const path = (name: string) => join(dir, name)
const inspect = (name: string, declared?: DiskFormat) => inspectImage(path(name), statSync(path(name)).size, declared)

function make(format: string): string {
  const name = `disk.${format}`
  qemuImg('create', '-q', '-f', format, name, '16M')
  return name
}

function iso(): string {
  mkdirSync(path('iso-root'), { recursive: true })
  writeFileSync(path('iso-root/hello.txt'), 'hello\n')
  execFileSync('genisoimage', ['-quiet', '-V', 'TEST', '-o', path('disk.iso'), path('iso-root')])
  return 'disk.iso'
}

describe('format detection', () => {
  // qemu-img's name -> Glance's disk format (vpc is Glance's vhd).
  const cases: Array<[string, DiskFormat]> = [['raw', 'raw'], ['qcow2', 'qcow2'], ['vmdk', 'vmdk'], ['vdi', 'vdi'], ['vpc', 'vhd'], ['vhdx', 'vhdx']]
  for (const [qemu, glance] of cases) {
    it(`recognizes ${glance} (qemu-img create -f ${qemu}) from its content, with its virtual size`, async () => {
      const name = make(qemu)
      const found = await inspect(name)
      expect(found.diskFormat).toBe(glance)
      // VHD rounds the size up to its disk geometry; the others keep it.
      expect(found.virtualSize).toBe(qemu === 'vpc' ? JSON.parse(qemuImg('info', '--output=json', name).toString())['virtual-size'] : 16 * MiB)
      expect(sniff(await readHeader(path(name))).formats).toEqual(glance === 'raw' ? [] : [glance])
      expect(await inspect(name, glance)).toEqual(found)
    })
  }

  it('recognizes an ISO 9660 image made with genisoimage, which qemu-img reads as raw', async () => {
    const name = iso()
    expect(sniff(await readHeader(path(name))).formats).toEqual(['iso'])
    expect(await inspect(name)).toEqual({ diskFormat: 'iso', virtualSize: statSync(path(name)).size })
    await expect(inspect(name, 'raw')).rejects.toThrow(/is iso content, but --disk-format says raw/)
  })

  it('refuses a declared format the content is not', async () => {
    writeFileSync(path('plain.img'), Buffer.alloc(MiB))
    await expect(inspect('plain.img', 'qcow2')).rejects.toThrow(/plain.img is raw content, but --disk-format says qcow2/)
    await expect(inspect(make('qcow2'), 'raw')).rejects.toThrow(/is qcow2 content, but --disk-format says raw/)
    await expect(inspect(make('vdi'), 'vmdk')).rejects.toThrow(/is vdi content, but --disk-format says vmdk/)
  })

  it('takes aki, ari and ami as declared when the content is plain bytes, never a qcow2 in disguise', async () => {
    writeFileSync(path('vmlinuz'), Buffer.alloc(12345, 7))
    expect((await inspect('vmlinuz', 'aki')).diskFormat).toBe('aki')
    writeFileSync(path('initrd.gz'), gzipSync(Buffer.alloc(100_000)))
    expect((await inspect('initrd.gz', 'ari')).diskFormat).toBe('ari')
    await expect(inspect('initrd.gz')).rejects.toThrow(/gzip-compressed/)
    writeFileSync(path('machine.img'), Buffer.alloc(MiB))
    expect((await inspect('machine.img', 'ami')).diskFormat).toBe('ami')
    await expect(inspect(make('qcow2'), 'ami')).rejects.toThrow(/is a qcow2 image, not the plain bytes of a ami image/)
  })
})

describe('unsafe or unknown files', () => {
  it('refuses a qcow2 with a backing file, even when declared qcow2', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', path(make('qcow2')), 'overlay.qcow2')
    await expect(inspect('overlay.qcow2')).rejects.toThrow(/qcow2 image with a backing file/)
    await expect(inspect('overlay.qcow2', 'qcow2')).rejects.toThrow(/backing file/)
  })

  it('refuses a qcow2 with an external data file', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-o', `data_file=${path('data.bin')}`, 'external.qcow2', '16M')
    await expect(inspect('external.qcow2')).rejects.toThrow(/external data file/)
  })

  it('refuses VMDKs whose data lives in other files: a descriptor file, or a sparse header that says so', async () => {
    qemuImg('create', '-q', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', 'flat.vmdk', '16M')
    await expect(inspect('flat.vmdk')).rejects.toThrow(/VMDK descriptor/)
    const sparse = readFileSync(path(make('vmdk')))
    const at = sparse.indexOf('createType="monolithicSparse"')
    sparse.write('createType="monolithicFlat"  ', at, 'latin1')
    writeFileSync(path('relabelled.vmdk'), sparse)
    await expect(inspect('relabelled.vmdk')).rejects.toThrow(/monolithicFlat VMDK/)
  })

  it('refuses a file whose header matches two formats (a qcow2 that is also an ISO)', async () => {
    const both = readFileSync(path(iso()))
    readFileSync(path(make('qcow2'))).copy(both, 0, 0, 512)
    writeFileSync(path('both.img'), both)
    await expect(inspect('both.img')).rejects.toThrow(/looks like qcow2 and ISO 9660 at once/)
  })

  it('refuses formats Glance does not take, and files that are no disk at all', async () => {
    await expect(inspect(make('qed'))).rejects.toThrow(/is a QED file/)
    writeFileSync(path('notes.txt'), 'just some text\n')
    await expect(inspect('notes.txt')).rejects.toThrow(/not a disk image: 15 bytes/)
    writeFileSync(path('empty'), '')
    await expect(inspect('empty', 'aki')).rejects.toThrow(/is empty/)
  })
})

describe('qemu-img is bounded', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('reports a qemu-img that was killed (as prlimit kills one over its limits) as giving up, not as a format', async () => {
    const bin = join(dir, 'bin')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(bin, 'qemu-img'), '#!/bin/sh\nkill -KILL $$\n')
    chmodSync(join(bin, 'qemu-img'), 0o755)
    vi.stubEnv('PATH', `${bin}:${process.env.PATH}`)
    writeFileSync(path('bomb.img'), Buffer.alloc(MiB))
    await expect(inspect('bomb.img')).rejects.toThrow(/qemu-img gave up inspecting .*bomb.img \(limits: 1 GiB of memory, 30 s of CPU/)
  })
})
