// The libvirt driver's disk export, rescue and cold moves against a simulated
// host (test/unit/sim-libvirt-host.ts): which commands each runs, that a redo
// after a crash at any step finishes the work, and that nothing outside the
// server's directories and the image cache is touched. Real libvirt:
// test/e2e/libvirt-moves.test.ts.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, describe, expect, it } from 'vitest'
import type { HostSpec, ImageSpec, InstanceSpec } from '../../src/hypervisor/driver.js'
import { LibvirtDriver } from '../../src/hypervisor/libvirt/libvirt-driver.js'
import { diskData, parseDisk, SimLibvirtHost } from './sim-libvirt-host.js'

const GiB = 1024 ** 3
const INSTANCES = '/home/hn/.local/share/homenova'
const local = mkdtempSync(join(tmpdir(), 'homenova-moves-'))
afterAll(() => rmSync(local, { recursive: true, force: true }))

const hostSpec = (name: string): HostSpec => ({
  id: name,
  name,
  driver: 'libvirt',
  connection: { kind: 'ssh', address: '127.0.0.1', port: 2201, user: 'hn' },
  uri: 'qemu:///session',
  virtType: 'qemu',
  instancesDir: INSTANCES,
  facts: { arch: 'x86_64' },
})

/** A local image file whose content the sim reads as a disk. */
function image(id: string, virtualSize: number): ImageSpec {
  const localPath = join(local, `${id}.qcow2`)
  const data = diskData({ virtualSize, backing: '', origin: id })
  writeFileSync(localPath, data, 'latin1')
  return { id, checksum: createHash('sha256').update(data).digest('hex'), diskFormat: 'qcow2', size: data.length, virtualSize, localPath }
}

const guest = image('guest', 64 * 1024 ** 2)
const spec: InstanceSpec = {
  uuid: '0a1b2c3d-1111-2222-3333-444455556666',
  name: 'vm1',
  domainName: 'instance-0a1b2c3d',
  vcpus: 1,
  memoryMb: 256,
  diskGb: 1,
  flavorName: 'm1.tiny',
  mac: 'fa:16:3e:00:00:06',
  image: guest,
}
const bigger: InstanceSpec = { ...spec, flavorName: 'm1.small', vcpus: 2, memoryMb: 512, diskGb: 2 }

/** A host where the server was spawned (its image cached), commands recorded from here on. */
async function spawned(name = 'e2e1') {
  const sim = new SimLibvirtHost(INSTANCES, spec.uuid)
  const driver = new LibvirtDriver(hostSpec(name), sim)
  await driver.ensureImage(guest)
  await driver.spawn(spec)
  sim.commands.length = 0
  return { sim, driver, dom: () => sim.domains.get(spec.domainName) }
}

/** An empty host (the destination of a move). */
function empty(name = 'e2e2') {
  const sim = new SimLibvirtHost(INSTANCES, spec.uuid)
  return { sim, driver: new LibvirtDriver(hostSpec(name), sim), dom: () => sim.domains.get(spec.domainName) }
}

type Disk = { '@_device': string; source: { '@_file': string }; target: { '@_dev': string; '@_bus': string }; boot?: { '@_order': number } }
/** The disks of a domain XML, in order, as `dev=file` with the boot order if any. */
function disks(xml: string): string[] {
  const d = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => n === 'disk' }).parse(xml).domain
  return (d.devices.disk as Disk[]).map((k) => `${k['@_device']}:${k.target['@_bus']}:${k.target['@_dev']}=${k.source['@_file'].replace(`${INSTANCES}/instances/${spec.uuid}`, 'I')}${k.boot ? ` boot ${k.boot['@_order']}` : ''}`)
}

describe('libvirt exportDisk (simulated host)', () => {
  it('flattens a running guest\'s disk while it is paused, checks its sha256 here, and removes the temp file', async () => {
    const { sim, driver, dom } = await spawned()
    const out = join(local, 'export-running')
    const result = await driver.exportDisk(spec, out)
    expect(sim.commands.map((c) => c.replace(/disk\.export\.[0-9a-f]{8}/, 'TEMP'))).toEqual([
      'virsh suspend',
      'qemu-img convert -q -U -O qcow2 I/disk I/TEMP.qcow2',
      'virsh resume',
      'download I/TEMP.qcow2',
      'rm -f I/TEMP.qcow2',
    ])
    const data = readFileSync(out, 'latin1')
    expect(parseDisk(data)).toEqual({ virtualSize: GiB, backing: '', origin: 'flattened created' })
    expect(result).toEqual({ sha256: createHash('sha256').update(data, 'latin1').digest('hex'), size: data.length })
    expect(dom()?.state).toBe('running')
    expect([...sim.files.keys()].filter((f) => f.includes('export'))).toEqual([])
  })

  it('unpauses the guest even when the copy fails', async () => {
    const { sim, driver, dom } = await spawned()
    // The temp file's name is random: every convert fails.
    const exec = sim.exec.bind(sim)
    sim.exec = async (argv) => (argv[1] === 'convert' ? { stdout: '', stderr: 'No space left on device', code: 1 } : exec(argv))
    await expect(driver.exportDisk(spec, join(local, 'export-fail'))).rejects.toThrow('No space left on device')
    expect(dom()?.state).toBe('running')
    expect(sim.commands.filter((c) => c.startsWith('virsh'))).toEqual(['virsh suspend', 'virsh resume'])
  })

  it('reads a stopped guest\'s disk without pausing, and the kept disk of a move', async () => {
    const { sim, driver } = await spawned()
    await driver.powerOff(spec, { timeoutMs: 0 })
    sim.commands.length = 0
    await driver.exportDisk(spec, join(local, 'export-off'))
    expect(sim.commands[0]).toMatch(/^qemu-img convert -q -O qcow2 I\/disk I\/disk\.export\./)
    await driver.migrateOut(spec, { timeoutMs: 0 })
    sim.commands.length = 0
    await driver.exportDisk(spec, join(local, 'export-kept'), { kept: true })
    expect(sim.commands[0]).toMatch(/^qemu-img convert -q -O qcow2 I_resize\/disk I_resize\/disk\.export\./)
    await expect(driver.exportDisk(spec, join(local, 'export-none'))).rejects.toThrow(`No disk of instance-0a1b2c3d on e2e1 (${INSTANCES}/instances/${spec.uuid}/disk is missing)`)
  })
})

describe('libvirt rescue (simulated host)', () => {
  const rescueImage = image('rescue', 32 * 1024 ** 2)

  it('boots a per-server copy of the rescue image first, the server\'s disk second, keeping domain.xml', async () => {
    const { sim, driver, dom } = await spawned()
    const own = sim.files.get(`${sim.dir}/domain.xml`)!
    await driver.rescue(spec, rescueImage, {})
    // The rescue image is cached first, as ensureImage does (upload, check, rename).
    const part = `BASE/${rescueImage.checksum}.[0-9a-f]{8}.part`
    expect(sim.commands.slice(0, 3).join('\n')).toMatch(new RegExp(`^upload ${part}\nmv -f ${part} BASE/${rescueImage.checksum}\nrm -f ${part}$`))
    expect(sim.commands.slice(3)).toEqual([
      'virsh destroy',
      `qemu-img create -q -f qcow2 -F qcow2 -b BASE/${rescueImage.checksum} I/disk.rescue`,
      'write I/domain.rescue.xml',
      'virsh define I/domain.rescue.xml',
      'virsh start',
    ])
    expect(disks(dom()!.xml)).toEqual(['disk:virtio:vda=I/disk.rescue', 'disk:virtio:vdb=I/disk'])
    expect(dom()!.xml).toContain('<homenova:rescue image="rescue"')
    expect(dom()!.state).toBe('running')
    expect(sim.files.get(`${sim.dir}/domain.xml`)).toBe(own)
    expect(sim.disk(`${sim.dir}/disk.rescue`)?.backing).toBe(`${INSTANCES}/_base/${rescueImage.checksum}`)

    // A redone rescue starts it afresh; the image is cached by now.
    sim.commands.length = 0
    await driver.rescue(spec, rescueImage, {})
    expect(sim.commands).toEqual(['virsh destroy', `qemu-img create -q -f qcow2 -F qcow2 -b BASE/${rescueImage.checksum} I/disk.rescue`, 'write I/domain.rescue.xml', 'virsh define I/domain.rescue.xml', 'virsh start'])
    expect(dom()!.state).toBe('running')
  })

  it('puts the rescue disk last on the asked bus and boots it, with hw_rescue_device/hw_rescue_bus (stable device rescue)', async () => {
    const { driver, dom } = await spawned()
    await driver.rescue(spec, rescueImage, { device: 'cdrom', bus: 'ide' })
    expect(disks(dom()!.xml)).toEqual(['disk:virtio:vda=I/disk', 'cdrom:ide:hda=I/disk.rescue boot 1'])
    expect(dom()!.xml).not.toContain('<boot dev=')
    await driver.rescue(spec, rescueImage, { bus: 'virtio' })
    expect(disks(dom()!.xml)).toEqual(['disk:virtio:vda=I/disk', 'disk:virtio:vdb=I/disk.rescue boot 1'])
    await expect(driver.rescue(spec, rescueImage, { bus: 'floppy' })).rejects.toThrow('A rescue disk cannot go on bus "floppy"')
  })

  it('unrescues back to the server\'s own definition, and a repeat does nothing', async () => {
    const { sim, driver, dom } = await spawned()
    const own = sim.files.get(`${sim.dir}/domain.xml`)!
    await driver.rescue(spec, rescueImage, {})
    sim.commands.length = 0
    await driver.unrescue(spec)
    expect(sim.commands).toEqual(['virsh destroy', 'virsh define I/domain.xml', 'rm -f I/disk.rescue I/domain.rescue.xml', 'virsh start'])
    expect(dom()).toMatchObject({ state: 'running', xml: own })
    sim.commands.length = 0
    await driver.unrescue(spec)
    expect(sim.commands).toEqual([])
  })

  it('an unrescue cut short after the rescue disk went still ends with the server running its own definition', async () => {
    const { sim, driver, dom } = await spawned()
    const own = sim.files.get(`${sim.dir}/domain.xml`)!
    await driver.rescue(spec, rescueImage, {})
    sim.failOnce.add('virsh start')
    await expect(driver.unrescue(spec)).rejects.toThrow('simulated crash')
    await driver.unrescue(spec)
    expect(dom()).toMatchObject({ state: 'running', xml: own })
  })
})

describe('libvirt cold moves (simulated hosts)', () => {
  it('migrateOut stops the guest, undefines it and moves its files aside; a repeat does nothing', async () => {
    const { sim, driver, dom } = await spawned()
    await driver.migrateOut(spec, { timeoutMs: 5000 })
    expect(sim.commands).toEqual(['virsh shutdown', 'virsh undefine --managed-save', 'mv -T I I_resize'])
    expect(dom()).toBeUndefined()
    expect(sim.dirs.has(sim.dir)).toBe(false)
    expect(sim.files.has(`${sim.dir}_resize/disk`)).toBe(true)
    sim.commands.length = 0
    await driver.migrateOut(spec, { timeoutMs: 5000 })
    expect(sim.commands).toEqual([])
  })

  it('migrateOut cut short before the move finishes it when redone', async () => {
    const { sim, driver } = await spawned()
    sim.failOnce.add('mv -T I I_resize')
    await expect(driver.migrateOut(spec, { timeoutMs: 0 })).rejects.toThrow('simulated crash')
    await driver.migrateOut(spec, { timeoutMs: 0 })
    expect(sim.files.has(`${sim.dir}_resize/disk`)).toBe(true)
  })

  it('a same-host resize copies the kept disk (keeping its backing file), grows it and defines the new flavor', async () => {
    const { sim, driver, dom } = await spawned()
    await driver.migrateOut(spec, { timeoutMs: 0 })
    sim.commands.length = 0
    await driver.migrateIn(bigger, { kind: 'kept' }, { start: true })
    expect(sim.commands).toEqual([
      'rm -rf I',
      'mkdir -p I',
      'cp I_resize/disk I/disk',
      `qemu-img resize -q I/disk ${2 * GiB}`,
      'write I/domain.xml',
      'virsh define I/domain.xml',
      'virsh start',
    ])
    expect(sim.disk(`${sim.dir}/disk`)).toEqual({ virtualSize: 2 * GiB, backing: `${INSTANCES}/_base/${guest.checksum}`, origin: 'created' })
    expect(dom()?.state).toBe('running')
    expect(dom()?.xml).toContain('<vcpu>2</vcpu>')
    expect(sim.disk(`${sim.dir}_resize/disk`)?.virtualSize).toBe(GiB)
  })

  it('a redone migrateIn removes what the first try made, never the kept files', async () => {
    const { sim, driver, dom } = await spawned()
    await driver.migrateOut(spec, { timeoutMs: 0 })
    sim.failOnce.add('virsh start')
    await expect(driver.migrateIn(bigger, { kind: 'kept' }, { start: true })).rejects.toThrow('simulated crash')
    sim.commands.length = 0
    await driver.migrateIn(bigger, { kind: 'kept' }, { start: true })
    expect(sim.commands.slice(0, 3)).toEqual(['virsh undefine --managed-save', 'rm -rf I', 'mkdir -p I'])
    expect(dom()?.state).toBe('running')
    expect(sim.files.has(`${sim.dir}_resize/disk`)).toBe(true)
  })

  it('refuses a same-host migrateIn without kept files, leaving the running server alone', async () => {
    const { sim, driver, dom } = await spawned()
    await expect(driver.migrateIn(bigger, { kind: 'kept' }, { start: true })).rejects.toThrow('from kept files: ')
    expect(sim.commands).toEqual([])
    expect(dom()?.state).toBe('running')
  })

  it('moves to another host through an exported file, checked on arrival, standalone and grown', async () => {
    const a = await spawned('e2e1')
    const b = empty('e2e2')
    await a.driver.migrateOut(spec, { timeoutMs: 0 })
    const file = join(local, 'moved-disk')
    const { sha256 } = await a.driver.exportDisk(spec, file, { kept: true })
    await expect(b.driver.migrateIn(bigger, { kind: 'file', localPath: file, sha256: '0'.repeat(64) }, { start: true })).rejects.toThrow('arrived corrupted on e2e2')
    b.sim.commands.length = 0
    await b.driver.migrateIn(bigger, { kind: 'file', localPath: file, sha256 }, { start: true })
    expect(b.sim.commands).toEqual([
      'rm -rf I',
      'mkdir -p I',
      'upload I/disk.part',
      'mv -f I/disk.part I/disk',
      `qemu-img resize -q I/disk ${2 * GiB}`,
      'write I/domain.xml',
      'virsh define I/domain.xml',
      'virsh start',
    ])
    expect(b.sim.disk(`${b.sim.dir}/disk`)).toEqual({ virtualSize: 2 * GiB, backing: '', origin: 'flattened created' })
    expect(b.dom()?.state).toBe('running')
  })

  it('reverts a same-host resize: the new domain goes, the kept files and old definition come back', async () => {
    const { sim, driver, dom } = await spawned()
    const own = sim.files.get(`${sim.dir}/domain.xml`)!
    await driver.migrateOut(spec, { timeoutMs: 0 })
    await driver.migrateIn(bigger, { kind: 'kept' }, { start: true })
    sim.commands.length = 0
    await driver.revertMigration(spec, { start: true })
    expect(sim.commands).toEqual(['virsh destroy', 'virsh undefine --managed-save', 'rm -rf I', 'mv -T I_resize I', 'virsh define I/domain.xml', 'virsh start'])
    expect(dom()).toMatchObject({ state: 'running', xml: own })
    expect(sim.disk(`${sim.dir}/disk`)?.virtualSize).toBe(GiB)
    sim.commands.length = 0
    await driver.revertMigration(spec, { start: true })
    expect(sim.commands).toEqual(['virsh define I/domain.xml'])
  })

  it('reverts a migrateOut cut short (the domain still defined, nothing moved)', async () => {
    const { sim, driver, dom } = await spawned()
    sim.failOnce.add('virsh undefine --managed-save')
    await expect(driver.migrateOut(spec, { timeoutMs: 0 })).rejects.toThrow('simulated crash')
    await driver.revertMigration(spec, { start: true })
    expect(dom()?.state).toBe('running')
  })

  it('confirms by removing the kept files, fine twice; destroy removes both directories', async () => {
    const { sim, driver } = await spawned()
    await driver.migrateOut(spec, { timeoutMs: 0 })
    await driver.migrateIn(bigger, { kind: 'kept' }, { start: false })
    sim.commands.length = 0
    await driver.confirmMigration(spec)
    await driver.confirmMigration(spec)
    expect(sim.commands).toEqual(['rm -rf I_resize', 'rm -rf I_resize'])
    expect(sim.dirs.has(`${sim.dir}_resize`)).toBe(false)
    expect(sim.files.has(`${sim.dir}/disk`)).toBe(true)
    await driver.migrateOut(bigger, { timeoutMs: 0 })
    sim.commands.length = 0
    await driver.destroy(spec)
    expect(sim.commands).toEqual(['rm -rf I I_resize'])
    expect([...sim.files.keys()].filter((f) => f.includes('/instances/'))).toEqual([])
  })
})
