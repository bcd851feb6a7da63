import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { InstanceSpec } from '../../src/hypervisor/driver.js'
import { domainCreatedAt, domainXml, instancePaths, METADATA_NS } from '../../src/hypervisor/libvirt/domain-xml.js'

const instance: InstanceSpec = {
  uuid: '0a1b2c3d-1111-2222-3333-444455556666',
  name: `web <1> & "friends" 'quoted'`,
  domainName: 'instance-0a1b2c3d',
  vcpus: 2,
  memoryMb: 512,
  diskGb: 1,
  flavorName: 'm1.tiny',
  mac: 'fa:16:3e:00:00:04',
  image: { id: 'img-1', checksum: 'abc', diskFormat: 'raw', size: 512, virtualSize: 512, localPath: '/x' },
}
const paths = instancePaths('/home/hn/.local/share/homenova', instance.uuid)
const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml).domain

describe('domainXml', () => {
  it('describes a TCG domain with the flavor size, the overlay disk and the host architecture', () => {
    const d = parse(domainXml(instance, paths, { virtType: 'qemu', arch: 'x86_64', createdAt: 't' }))
    expect(d['@_type']).toBe('qemu')
    expect(d.name).toBe('instance-0a1b2c3d')
    expect(d.uuid).toBe(instance.uuid)
    expect(d.vcpu).toBe(2)
    expect(d.memory).toEqual({ '@_unit': 'MiB', '#text': 512 })
    expect(d.os.type['@_arch']).toBe('x86_64')
    expect(d.devices.disk.source['@_file']).toBe('/home/hn/.local/share/homenova/instances/0a1b2c3d-1111-2222-3333-444455556666/disk')
    expect(d.devices.disk.driver['@_type']).toBe('qcow2')
  })

  it('logs the serial console to the instance directory and keeps VNC on loopback', () => {
    const d = parse(domainXml(instance, paths, { virtType: 'kvm', arch: 'x86_64', createdAt: 't' }))
    expect(d['@_type']).toBe('kvm')
    expect(d.devices.serial['@_type']).toBe('pty')
    expect(d.devices.serial.log['@_file']).toBe(paths.consoleLog)
    expect(d.devices.graphics['@_listen']).toBe('127.0.0.1')
    // User-mode networking, restricted, SSH forwarded from a port QEMU picks on the host's loopback.
    expect(d.devices.interface).toBeUndefined()
    expect(d['@_xmlns:qemu']).toBe('http://libvirt.org/schemas/domain/qemu/1.0')
    const args = d['qemu:commandline']['qemu:arg'].map((a: { '@_value': string }) => a['@_value'])
    expect(args).toEqual(['-netdev', 'user,id=hn0,restrict=on,hostfwd=tcp:127.0.0.1:0-:22', '-device', 'virtio-net-pci,netdev=hn0,mac=fa:16:3e:00:00:04,addr=0x10'])
  })

  it('escapes the server name in homenova metadata and round-trips it exactly', () => {
    const xml = domainXml(instance, paths, { virtType: 'qemu', arch: 'x86_64', createdAt: 't' })
    expect(xml).not.toContain('<1>')
    const meta = parse(xml).metadata['homenova:instance']
    expect(meta['@_xmlns:homenova']).toBe(METADATA_NS)
    expect(meta['homenova:name']).toBe(instance.name)
    expect(meta['homenova:flavor']['@_name']).toBe('m1.tiny')
  })

  it('boots a rescue disk first with the server disk second, or (stable device rescue) last with boot order 1', () => {
    const host = { virtType: 'qemu' as const, arch: 'x86_64', createdAt: 't' }
    const legacy = parse(domainXml(instance, paths, host, { imageId: 'r' }))
    expect(legacy.devices.disk.map((d: { target: { '@_dev': string }; source: { '@_file': string } }) => [d.target['@_dev'], d.source['@_file']])).toEqual([
      ['vda', paths.rescueDisk],
      ['vdb', paths.disk],
    ])
    expect(legacy.os.boot['@_dev']).toBe('hd')
    expect(legacy.metadata['homenova:instance']['homenova:rescue']['@_image']).toBe('r')
    const stable = parse(domainXml(instance, paths, host, { imageId: 'r', device: 'disk', bus: 'sata' }))
    expect(stable.devices.disk[1]).toMatchObject({ '@_device': 'disk', target: { '@_dev': 'sda', '@_bus': 'sata' }, boot: { '@_order': '1' } })
    expect(stable.os.boot).toBeUndefined()
    expect(() => domainXml(instance, paths, host, { imageId: 'r', device: 'cdrom', bus: 'virtio' })).toThrow('cannot go on the virtio bus')
  })

  it('reads back when the domain was created', () => {
    expect(domainCreatedAt(domainXml(instance, paths, { virtType: 'qemu', arch: 'x86_64', createdAt: '2025-01-02T03:04:05.000Z' }))).toBe('2025-01-02T03:04:05.000Z')
    expect(domainCreatedAt('<domain><name>x</name></domain>')).toBeUndefined()
  })
})

describe('domainXml with a config drive', () => {
  const host = { virtType: 'qemu' as const, arch: 'x86_64', createdAt: 't' }
  const withDrive: InstanceSpec = { ...instance, configDrive: { files: [], format: 'iso9660' } }
  type Disk = { '@_device': string; target: { '@_dev': string; '@_bus': string }; source: { '@_file': string }; driver: { '@_type': string }; readonly?: string }

  it('attaches disk.config as a read-only raw IDE cdrom after the root disk, and names the NIC by its MAC', () => {
    const d = parse(domainXml(withDrive, paths, host))
    const disks = d.devices.disk as Disk[]
    expect(disks.map((x) => [x['@_device'], x.target['@_dev'], x.target['@_bus'], x.driver['@_type']])).toEqual([
      ['disk', 'vda', 'virtio', 'qcow2'],
      ['cdrom', 'hdd', 'ide', 'raw'],
    ])
    expect(disks[1].source['@_file']).toBe(paths.configDrive)
    expect(disks[1]).toHaveProperty('readonly')
    expect(d['qemu:commandline']['qemu:arg'][3]['@_value']).toContain('mac=fa:16:3e:00:00:04')
  })

  it('attaches a vfat drive as a disk, and keeps the drive beside a rescue cdrom on IDE without a clash', () => {
    const vfat = parse(domainXml({ ...withDrive, configDrive: { files: [], format: 'vfat' } }, paths, host)).devices.disk as Disk[]
    expect(vfat[1]['@_device']).toBe('disk')
    const rescued = parse(domainXml(withDrive, paths, host, { imageId: 'r', device: 'cdrom', bus: 'ide' })).devices.disk as Disk[]
    const devs = rescued.map((x) => x.target['@_dev'])
    expect(devs).toEqual(['vda', 'hda', 'hdd'])
    expect(new Set(devs).size).toBe(devs.length)
  })

  it('has no drive when the server has none', () => {
    expect(parse(domainXml(instance, paths, host)).devices.disk.target['@_dev']).toBe('vda')
  })
})
