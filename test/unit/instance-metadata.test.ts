// What a guest reads from its config drive: the same documents Nova writes, per version.
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { configDriveFiles } from '../../src/core/metadata/config-drive.js'
import { ec2MetaData, metaDataJson, networkDataJson, vendorDataJson } from '../../src/core/metadata/instance-metadata.js'
import type { MetadataSource } from '../../src/core/metadata/instance-metadata.js'

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5Z operator@desk'
const server: MetadataSource = {
  uuid: '6f9c4e2a-1b3d-4c5e-8f70-9a1b2c3d4e5f',
  name: 'web 1',
  hostname: 'web-1',
  availabilityZone: 'nova',
  projectId: 'admin',
  launchIndex: 0,
  keyName: 'desk',
  keyData: KEY,
  properties: { role: 'web' },
  userData: Buffer.from('#cloud-config\npackages: [nginx]\n'),
  mac: '52:54:00:12:34:56',
  imageId: 'a1b2c3d4-0000-4000-8000-000000000000',
  flavorName: 'm1.small',
}
const noKey: MetadataSource = { ...server, keyName: null, keyData: null, properties: {}, userData: null }
const seed = Buffer.alloc(512, 7)
const byPath = (files: { path: string; data: Buffer }[]) => new Map(files.map((f) => [f.path, f.data]))

describe('meta_data.json', () => {
  it('carries the server, its key and its properties', () => {
    expect(metaDataJson(server, { randomSeed: seed })).toEqual({
      uuid: server.uuid,
      meta: { role: 'web' },
      public_keys: { desk: KEY },
      keys: [{ name: 'desk', type: 'ssh', data: KEY }],
      hostname: 'web-1',
      name: 'web 1',
      launch_index: 0,
      availability_zone: 'nova',
      random_seed: seed.toString('base64'),
      project_id: 'admin',
      devices: [],
      dedicated_cpus: [],
    })
  })

  it('leaves out public_keys, keys and meta when there are none, as Nova does', () => {
    const doc = metaDataJson(noKey)
    expect(doc).not.toHaveProperty('public_keys')
    expect(doc).not.toHaveProperty('keys')
    expect(doc).not.toHaveProperty('meta')
    expect(doc).not.toHaveProperty('random_seed')
  })

  it('grows with the version: the oldest has no random_seed, project_id or devices', () => {
    const folsom = metaDataJson(server, { version: '2012-08-10', randomSeed: seed })
    expect(Object.keys(folsom)).not.toContain('random_seed')
    expect(Object.keys(folsom)).not.toContain('project_id')
    const liberty = metaDataJson(server, { version: '2015-10-15', randomSeed: seed })
    expect(liberty).toHaveProperty('project_id', 'admin')
    expect(liberty).not.toHaveProperty('devices')
  })

  it('lists personality files by their content path', () => {
    const files = [{ path: '/etc/motd', data: Buffer.from('hello\n') }]
    expect(metaDataJson({ ...server, files })).toHaveProperty('files', [{ path: '/etc/motd', content_path: '/content/0000' }])
  })
})

describe('network, vendor and EC2 documents', () => {
  it('describes one DHCP NIC by its MAC address', () => {
    expect(networkDataJson(server)).toEqual({
      links: [{ id: 'interface0', type: 'phy', ethernet_mac_address: '52:54:00:12:34:56', mtu: null }],
      networks: [{ id: 'network0', link: 'interface0', type: 'ipv4_dhcp', network_id: 'default' }],
      services: [],
    })
    expect(vendorDataJson()).toEqual({})
  })

  it('gives EC2-style ids and the key as public-keys/0', () => {
    const ec2 = ec2MetaData(server)
    expect(ec2).toMatchObject({
      'instance-id': 'i-6f9c4e2a', 'ami-id': 'ami-a1b2c3d4', 'local-hostname': 'web-1', 'instance-type': 'm1.small',
      placement: { 'availability-zone': 'nova' }, 'public-keys': { '0': { 'openssh-key': KEY } }, 'security-groups': [],
    })
    expect(ec2MetaData(noKey)).not.toHaveProperty('public-keys')
  })
})

describe('config drive layout', () => {
  it("has every one of Nova's versions with the documents that version knows", () => {
    const files = byPath(configDriveFiles(server, { randomSeed: null }))
    expect([...files.keys()].filter((p) => p.startsWith('openstack/2012-08-10/')).sort())
      .toEqual(['openstack/2012-08-10/meta_data.json', 'openstack/2012-08-10/user_data'])
    expect(files.has('openstack/2013-10-17/vendor_data.json')).toBe(true)
    expect(files.has('openstack/2013-10-17/network_data.json')).toBe(false)
    expect(files.has('openstack/2015-10-15/network_data.json')).toBe(true)
    expect(files.has('openstack/2016-06-30/vendor_data2.json')).toBe(false)
    for (const version of ['2016-10-06', '2017-02-22', '2018-08-27', '2020-10-14', 'latest']) {
      for (const doc of ['meta_data.json', 'user_data', 'vendor_data.json', 'network_data.json', 'vendor_data2.json']) {
        expect(files.has(`openstack/${version}/${doc}`), `${version}/${doc}`).toBe(true)
      }
    }
    expect(JSON.parse(files.get('openstack/latest/vendor_data2.json')!.toString())).toEqual({ static: {} })
    for (const path of files.keys()) expect(path).not.toMatch(/^\//)
  })

  it('keeps binary user data byte for byte, in both trees', () => {
    const gz = gzipSync(Buffer.from('#!/bin/sh\necho hi\n'))
    const files = byPath(configDriveFiles({ ...server, userData: gz }))
    for (const path of ['openstack/latest/user_data', 'openstack/2012-08-10/user_data', 'ec2/latest/user-data', 'ec2/2009-04-04/user-data']) {
      expect(files.get(path)?.equals(gz), path).toBe(true)
    }
  })

  it('has no user data files without user data, and a 512-byte random seed by default', () => {
    const files = byPath(configDriveFiles(noKey))
    expect([...files.keys()].some((p) => /user[-_]data$/.test(p))).toBe(false)
    const meta = JSON.parse(files.get('openstack/latest/meta_data.json')!.toString()) as { random_seed: string }
    expect(Buffer.from(meta.random_seed, 'base64')).toHaveLength(512)
    expect(files.has('ec2/2009-04-04/meta-data.json') && files.has('ec2/latest/meta-data.json')).toBe(true)
  })

  it('puts personality files under openstack/content', () => {
    const data = Buffer.from([0, 1, 2, 255])
    const files = byPath(configDriveFiles({ ...server, files: [{ path: '/etc/a', data: Buffer.from('a') }, { path: '/etc/b', data }] }))
    expect(files.get('openstack/content/0000')?.toString()).toBe('a')
    expect(files.get('openstack/content/0001')?.equals(data)).toBe(true)
  })
})
