// Each NIC kind in the domain XML, and every NIC in network_data.json.
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { networkDataJson, type MetadataSource } from '../../src/core/metadata/instance-metadata.js'
import type { InstanceSpec } from '../../src/hypervisor/driver.js'
import { domainXml, instancePaths } from '../../src/hypervisor/libvirt/domain-xml.js'

const base: InstanceSpec = {
  uuid: '0a1b2c3d-1111-2222-3333-444455556666',
  name: 'nas',
  domainName: 'instance-0a1b2c3d',
  vcpus: 1,
  memoryMb: 256,
  diskGb: 1,
  flavorName: 'm1.tiny',
  mac: 'fa:16:3e:00:00:01',
  image: { id: 'img-1', checksum: 'abc', diskFormat: 'raw', size: 512, virtualSize: 512, localPath: '/x' },
}
const host = { virtType: 'qemu' as const, arch: 'x86_64', createdAt: 't' }
const parse = (spec: InstanceSpec) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => n === 'interface' || n === 'qemu:arg' }).parse(domainXml(spec, instancePaths('/srv/hn', spec.uuid), host)).domain
const qemuArgs = (d: { 'qemu:commandline'?: { 'qemu:arg': Array<{ '@_value': string }> } }) => d['qemu:commandline']?.['qemu:arg'].map((a) => a['@_value']) ?? []

describe('domain XML per NIC', () => {
  it('writes a bridge NIC and a libvirt-network NIC as <interface> with their fixed MAC and virtio, user-mode ones on the QEMU command line', () => {
    const d = parse({
      ...base,
      nics: [
        { type: 'user', source: 'user', mac: 'fa:16:3e:00:00:01' },
        { type: 'bridge', source: 'br0', mac: 'fa:16:3e:00:00:02' },
        { type: 'libvirt', source: 'lab', mac: 'fa:16:3e:00:00:03' },
      ],
    })
    expect(d.devices.interface).toEqual([
      { '@_type': 'bridge', mac: { '@_address': 'fa:16:3e:00:00:02' }, source: { '@_bridge': 'br0' }, model: { '@_type': 'virtio' } },
      { '@_type': 'network', mac: { '@_address': 'fa:16:3e:00:00:03' }, source: { '@_network': 'lab' }, model: { '@_type': 'virtio' } },
    ])
    expect(qemuArgs(d)).toEqual(['-netdev', 'user,id=hn0,restrict=on,hostfwd=tcp:127.0.0.1:0-:22', '-device', 'virtio-net-pci,netdev=hn0,mac=fa:16:3e:00:00:01,addr=0x10'])
  })

  it('forwards SSH from the first user-mode NIC only, each user NIC in its own PCI slot from 0x10', () => {
    const d = parse({ ...base, nics: [{ type: 'user', source: 'user', mac: 'fa:16:3e:00:00:01' }, { type: 'user', source: 'user', mac: 'fa:16:3e:00:00:09' }] })
    const args = qemuArgs(d)
    expect(args.filter((a) => a.includes('hostfwd'))).toHaveLength(1)
    expect(args).toContain('user,id=hn1,restrict=on')
    expect(args).toContain('virtio-net-pci,netdev=hn1,mac=fa:16:3e:00:00:09,addr=0x11')
    expect(d.devices.interface).toBeUndefined()
  })

  it('has no NIC at all for --nic none, and one user-mode NIC for a spec from before networks', () => {
    const none = parse({ ...base, nics: [] })
    expect(none.devices.interface).toBeUndefined()
    expect(none['qemu:commandline']).toBeUndefined()
    expect(qemuArgs(parse(base))).toContain('virtio-net-pci,netdev=hn0,mac=fa:16:3e:00:00:01,addr=0x10')
  })
})

describe('network_data.json with several NICs', () => {
  const src = {
    uuid: base.uuid, name: 'nas', hostname: 'nas.novalocal', availabilityZone: 'nova', projectId: 'admin', launchIndex: 0,
    keyName: null, keyData: null, properties: {}, userData: null, mac: 'fa:16:3e:00:00:01',
    nics: [
      { network: 'user', mac: 'fa:16:3e:00:00:01' },
      { network: 'br0', mac: 'fa:16:3e:00:00:02', fixedIp: '192.168.1.50/24' },
      { network: 'lab', mac: 'fa:16:3e:00:00:03' },
    ],
  } satisfies MetadataSource

  it('lists a link per NIC with its MAC; DHCP networks, or a static one for a fixed address', () => {
    const doc = networkDataJson(src) as { links: Array<Record<string, unknown>>; networks: Array<Record<string, unknown>> }
    expect(doc.links.map((l) => [l.id, l.ethernet_mac_address])).toEqual([
      ['interface0', 'fa:16:3e:00:00:01'],
      ['interface1', 'fa:16:3e:00:00:02'],
      ['interface2', 'fa:16:3e:00:00:03'],
    ])
    expect(doc.networks[0]).toEqual({ id: 'network0', link: 'interface0', type: 'ipv4_dhcp', network_id: 'user' })
    expect(doc.networks[1]).toEqual({ id: 'network1', link: 'interface1', type: 'ipv4', ip_address: '192.168.1.50', netmask: '255.255.255.0', routes: [], network_id: 'br0', services: [] })
    expect(doc.networks[2]).toMatchObject({ link: 'interface2', type: 'ipv4_dhcp', network_id: 'lab' })
  })

  it('has no links for a server without NICs', () => {
    expect(networkDataJson({ ...src, nics: [] })).toEqual({ links: [], networks: [], services: [] })
  })
})
