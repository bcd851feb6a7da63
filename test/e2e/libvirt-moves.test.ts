// Disk export, rescue and cold moves of the libvirt driver on the two real hosts
// (sshd + qemu:///session, TCG), driven directly, without the control plane:
// one guest exported, rescued and unrescued on host A, moved to B and the move
// reverted, then resized on A itself and the resize confirmed. After each step
// the hosts themselves are asked, over OpenSSH, what they see. Prints the wall
// time of each driver call.
import { createHash, randomUUID } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageSpec, InstanceSpec } from '../../src/hypervisor/driver.js'
import { LibvirtDriver } from '../../src/hypervisor/libvirt/libvirt-driver.js'
import { driverFor, localImage, Stopwatch } from './driver-calls.js'
import { onHost, realHosts, type RealHost } from './real-hosts.js'

/** Short: the guest hears ACPI only ~7 s after boot, and a hard stop is as good here. */
const SHUTDOWN_TIMEOUT_MS = 2000
const GiB = 1024 ** 3
const watch = new Stopwatch()
const timed = <T>(name: string, fn: () => Promise<T>) => watch.timed(name, fn)
const local = mkdtempSync(join(tmpdir(), 'homenova-moves-e2e-'))

/** What `qemu-img info` says of a disk image (here or, with `host`, on that host: -U, a running guest holds the lock). */
function diskInfo(path: string, host?: RealHost): { format: string; 'virtual-size': number; 'backing-filename'?: string } {
  const json = host ? onHost(host, `qemu-img info -U --output=json ${path}`) : execFileSync('qemu-img', ['info', '--output=json', path], { encoding: 'utf8' })
  return JSON.parse(json)
}

/** The disks of a domain as its host defines it: `target=source file`, in order. */
function definedDisks(host: RealHost, domain: string): string[] {
  const xml = onHost(host, `virsh -q -c ${host.uri} dumpxml ${domain}`)
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => n === 'disk' }).parse(xml)
  return (parsed.domain.devices.disk as Array<{ source: { '@_file': string }; target: { '@_dev': string } }>).map((d) => `${d.target['@_dev']}=${d.source['@_file'].split('/').slice(-1)[0]}`)
}

afterAll(() => {
  rmSync(local, { recursive: true, force: true })
  watch.print('libvirt disk export, rescue and moves, wall time of each driver call:')
})

describe('disk export, rescue and cold moves on real hosts', () => {
  let hostA: RealHost
  let hostB: RealHost
  let a: LibvirtDriver
  let b: LibvirtDriver
  let image: ImageSpec
  let spec: InstanceSpec
  let bigger: InstanceSpec

  const domstate = (host: RealHost) => onHost(host, `virsh -q -c ${host.uri} domstate ${spec.domainName} 2>&1 || true`).trim()
  const dir = (host: RealHost, suffix = '') => `${host.instancesDir}/instances/${spec.uuid}${suffix}`
  const exists = (host: RealHost, path: string) => onHost(host, `test -e ${path} && echo yes || echo no`).trim() === 'yes'

  beforeAll(async () => {
    const { hosts, image: imagePath } = realHosts()
    ;[hostA, hostB] = hosts
    a = driverFor(hostA)
    b = driverFor(hostB)
    image = localImage(imagePath)
    const uuid = randomUUID()
    spec = { uuid, domainName: `instance-${uuid.slice(0, 8)}`, name: 'moves-e2e', vcpus: 1, memoryMb: 256, diskGb: 1, flavorName: 'm1.tiny', image, mac: 'fa:16:3e:00:00:01' }
    bigger = { ...spec, flavorName: 'm1.small', vcpus: 2, diskGb: 2 }
    await timed('ensureImage A', () => a.ensureImage(image))
    expect((await timed('spawn A', () => a.spawn(spec))).state).toBe('running')
  })

  afterAll(async () => {
    if (spec) {
      await timed('destroy A', () => a.destroy(spec))
      await timed('destroy B', () => b.destroy(spec))
      for (const host of [hostA, hostB]) {
        expect(domstate(host)).toMatch(/failed to get domain/)
        expect(exists(host, dir(host)) || exists(host, dir(host, '_resize'))).toBe(false)
      }
    }
    await a?.close()
    await b?.close()
  })

  it('exports the running disk as a standalone qcow2 and leaves the guest running', async () => {
    const file = join(local, 'export.qcow2')
    const { sha256, size } = await timed('exportDisk (running)', () => a.exportDisk(spec, file))
    const info = diskInfo(file)
    expect(info.format).toBe('qcow2')
    expect(info['backing-filename']).toBeUndefined()
    expect(info['virtual-size']).toBe(GiB)
    expect(size).toBe(statSync(file).size)
    expect(sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'))
    expect(domstate(hostA)).toBe('running')
    expect(onHost(hostA, `ls ${dir(hostA)}`).split('\n')).not.toContain(expect.stringMatching(/export/))
  })

  it('rescues: the rescue disk first, the server disk second, running; unrescue puts the own definition back', async () => {
    await timed('rescue', () => a.rescue(spec, image, {}))
    expect(definedDisks(hostA, spec.domainName)).toEqual(['vda=disk.rescue', 'vdb=disk'])
    expect(domstate(hostA)).toBe('running')
    expect(diskInfo(`${dir(hostA)}/disk.rescue`, hostA)['backing-filename']).toBe(`${hostA.instancesDir}/_base/${image.checksum}`)
    await timed('unrescue', () => a.unrescue(spec))
    expect(definedDisks(hostA, spec.domainName)).toEqual(['vda=disk'])
    expect(domstate(hostA)).toBe('running')
    expect(exists(hostA, `${dir(hostA)}/disk.rescue`)).toBe(false)
  })

  it('moves to host B through an exported file, grown to the bigger flavor, and reverts', async () => {
    await timed('migrateOut A', () => a.migrateOut(spec, { timeoutMs: SHUTDOWN_TIMEOUT_MS }))
    expect(domstate(hostA)).toMatch(/failed to get domain/)
    expect(exists(hostA, dir(hostA))).toBe(false)
    expect(exists(hostA, `${dir(hostA, '_resize')}/disk`)).toBe(true)

    const file = join(local, 'moved.qcow2')
    const { sha256 } = await timed('exportDisk (kept)', () => a.exportDisk(spec, file, { kept: true }))
    await timed('migrateIn B (file)', () => b.migrateIn(bigger, { kind: 'file', localPath: file, sha256 }, { start: true }))
    expect(domstate(hostB)).toBe('running')
    const onB = diskInfo(`${dir(hostB)}/disk`, hostB)
    expect(onB['virtual-size']).toBe(2 * GiB)
    expect(onB['backing-filename']).toBeUndefined()

    await timed('destroy B', () => b.destroy(spec))
    await timed('revertMigration A', () => a.revertMigration(spec, { start: true }))
    expect(domstate(hostA)).toBe('running')
    expect(exists(hostA, dir(hostA, '_resize'))).toBe(false)
    expect(diskInfo(`${dir(hostA)}/disk`, hostA)['virtual-size']).toBe(GiB)
  })

  it('resizes on host A itself from the kept files and confirms', async () => {
    await timed('migrateOut A (same host)', () => a.migrateOut(spec, { timeoutMs: SHUTDOWN_TIMEOUT_MS }))
    await timed('migrateIn A (kept)', () => a.migrateIn(bigger, { kind: 'kept' }, { start: true }))
    expect(domstate(hostA)).toBe('running')
    const disk = diskInfo(`${dir(hostA)}/disk`, hostA)
    expect(disk['virtual-size']).toBe(2 * GiB)
    expect(disk['backing-filename']).toBe(`${hostA.instancesDir}/_base/${image.checksum}`)
    expect(onHost(hostA, `virsh -q -c ${hostA.uri} dominfo ${spec.domainName}`)).toMatch(/^CPU\(s\):\s+2$/m)
    await timed('confirmMigration A', () => a.confirmMigration(spec))
    expect(exists(hostA, dir(hostA, '_resize'))).toBe(false)
    expect(domstate(hostA)).toBe('running')
  })
})
