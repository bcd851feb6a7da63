// What `server create` gives the guest (key, user data, properties, hostname,
// config drive), checked through the core API on a simulated host: Nova's
// limits refuse bad input before anything is recorded, and what is accepted
// reaches the driver as config drive files.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { instanceSpec } from '../../src/core/conductor/context.js'
import { migrateState } from '../../src/core/store/migrations.js'
import { harness, type Harness } from '../helpers/harness.js'

const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQKuN1iVa4yIhvxk9l8XI2uo2EtIIqEyPO4uTx7d6m3 test@homenova'

async function withKey(h: Harness) {
  await h.services.store.transact((state) => {
    state.keypairs.push({ name: 'k1', userId: 'admin', type: 'ssh', publicKey: PUBLIC_KEY, fingerprint: 'x', createdAt: 't' })
  })
}
const stateFile = (h: Harness) => readFileSync(join(h.home, 'state.json'), 'utf8')
const fileOf = (files: { path: string; data: Buffer }[], path: string) => files.find((f) => f.path === path)?.data

describe('server create: what the guest is given', () => {
  it('records key, user data, properties and hostname, and the driver gets them on the config drive', async () => {
    const h = await harness()
    await withKey(h)
    const userData = Buffer.concat([Buffer.from('#cloud-config\n'), Buffer.from([0, 1, 2, 255, 254])])
    const { handle } = await h.services.compute.createServers({
      name: 'Web_Server 1', flavor: 'm1.tiny', image: 'tiny',
      guest: { keyName: 'k1', userData, properties: { role: 'web' } },
    })
    await handle.wait()
    const server = await h.server('Web_Server 1')
    expect(server).toMatchObject({ hostname: 'web-server-1', keyName: 'k1', keyData: PUBLIC_KEY, configDrive: true, launchIndex: 0, properties: { role: 'web' } })
    const state = await h.services.store.read()
    const spec = instanceSpec(state, server, state.images[0])
    const files = spec.configDrive!.files
    const meta = JSON.parse(fileOf(files, 'openstack/latest/meta_data.json')!.toString())
    expect(meta).toMatchObject({ uuid: server.id, name: 'Web_Server 1', hostname: 'web-server-1.novalocal', public_keys: { k1: PUBLIC_KEY }, meta: { role: 'web' }, launch_index: 0, availability_zone: 'nova' })
    expect(fileOf(files, 'openstack/latest/user_data')!.equals(userData)).toBe(true)
    expect(spec.configDrive!.format).toBe('iso9660')
    // The simulated guest reads its drive as cloud-init would, and takes the hostname.
    const domain = state.fakeDomains.find((d) => d.name === server.domainName)!
    expect(domain.consoleLog).toContain('hostname web-server-1.novalocal, 1 public key(s), user data 19 bytes')
    expect(domain.consoleLog).toMatch(/web-server-1 login: $/)
  })

  it('puts personality files on the drive under openstack/content, listed in meta_data, even with force_config_drive off', async () => {
    const h = await harness()
    await h.services.config.set('force_config_drive', 'false')
    const motd = Buffer.from([104, 105, 0, 255])
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', guest: { files: [{ path: '/etc/motd', data: motd }] } })).handle.wait()
    const state = await h.services.store.read()
    const files = instanceSpec(state, state.servers[0], state.images[0]).configDrive!.files
    expect(JSON.parse(fileOf(files, 'openstack/latest/meta_data.json')!.toString()).files).toEqual([{ path: '/etc/motd', content_path: '/content/0000' }])
    expect(fileOf(files, 'openstack/content/0000')!.equals(motd)).toBe(true)
  })

  it('numbers hostnames and launch indexes across --max, and a given --hostname too', async () => {
    const h = await harness()
    const { handle } = await h.services.compute.createServers({ name: 'db', flavor: 'm1.tiny', image: 'tiny', placement: { hints: {}, max: 2 }, guest: { hostname: 'Store' } })
    await handle.wait()
    const servers = (await h.services.store.read()).servers
    expect(servers.map((s) => [s.name, s.hostname, s.launchIndex])).toEqual([['db-1', 'store-1', 0], ['db-2', 'store-2', 1]])
  })

  it('gives no drive when force_config_drive is off and none is asked for, and one when asked', async () => {
    const h = await harness()
    await h.services.config.set('force_config_drive', 'false')
    await (await h.services.compute.createServers({ name: 'plain', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
    await (await h.services.compute.createServers({ name: 'asked', flavor: 'm1.tiny', image: 'tiny', guest: { configDrive: true } })).handle.wait()
    const state = await h.services.store.read()
    const [plain, asked] = state.servers
    expect(instanceSpec(state, plain, state.images[0]).configDrive).toBeUndefined()
    expect(instanceSpec(state, asked, state.images[0]).configDrive).toBeDefined()
    expect(state.fakeDomains.find((d) => d.name === plain.domainName)!.consoleLog).toContain('no datasource found')
  })

  it.each([
    ['an unknown key', { keyName: 'nope' }, /No keypair named "nope"/],
    ['user data over 65,535 bytes once base64-encoded', { userData: Buffer.alloc(49152) }, /65536 bytes once base64-encoded; Nova's limit is 65535/],
    ['129 properties', { properties: Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v'])) }, /at most 128 properties/],
    ['a property key of 256 characters', { properties: { ['k'.repeat(256)]: 'v' } }, /must be 1 to 255 characters/],
    ['a property value of 256 characters', { properties: { k: 'v'.repeat(256) } }, /256 characters long; Nova allows 255/],
    ['a bad hostname', { hostname: '-bad-' }, /is not a valid hostname/],
    ['six files', { files: Array.from({ length: 6 }, (_, i) => ({ path: `/f${i}`, data: Buffer.from('x') })) }, /At most 5 files/],
    ['a file of 10,241 bytes', { files: [{ path: '/big', data: Buffer.alloc(10241) }] }, /10241 bytes; the injected_file_content_bytes quota allows 10240/],
    ['a relative file path', { files: [{ path: 'etc/motd', data: Buffer.from('x') }] }, /must be absolute/],
  ])('refuses %s and records nothing', async (_what, guest, message) => {
    const h = await harness()
    await withKey(h)
    const before = stateFile(h)
    await expect(h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', guest })).rejects.toThrow(message)
    expect(stateFile(h)).toBe(before)
  })

  it('takes user data right at the limit (49,149 bytes: 65,532 once encoded)', async () => {
    const h = await harness()
    const { servers, handle } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', guest: { userData: Buffer.alloc(49149, 7) } })
    handle.detach()
    expect(servers[0].userData).toHaveLength(65532)
  })

  it('refuses server set --property past 128 in all', async () => {
    const h = await harness()
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', guest: { properties: Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`k${i}`, 'v'])) } })).handle.wait()
    await expect(h.services.compute.updateServer('vm', { properties: { one: 'more' } })).rejects.toThrow(/at most 128 properties \(the metadata_items quota\); this would give it 129/)
    await h.services.compute.updateServer('vm', { properties: { k0: 'changed' } })
  })
})

describe('rebuild with a new key and user data', () => {
  it('changes what the rebuilt guest reads, and --no-key-name takes the key away', async () => {
    const h = await harness()
    await withKey(h)
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
    await (await h.services.compute.rebuildServer('vm', { keyName: 'k1', userData: Buffer.from('hello') })).handle.wait()
    expect(await h.server('vm')).toMatchObject({ keyName: 'k1', keyData: PUBLIC_KEY, userData: Buffer.from('hello').toString('base64'), vmState: 'active' })
    let state = await h.services.store.read()
    expect(state.fakeDomains.find((d) => d.name.startsWith('instance-'))!.consoleLog).toContain('1 public key(s), user data 5 bytes')
    await (await h.services.compute.rebuildServer('vm', { keyName: null, userData: null })).handle.wait()
    state = await h.services.store.read()
    expect(state.servers[0]).toMatchObject({ keyName: null, keyData: null, userData: null })
    expect(state.fakeDomains.find((d) => d.name.startsWith('instance-'))!.consoleLog).toContain('0 public key(s), user data none')
  })
})

describe('state schema 2 -> 3', () => {
  it('gives old servers a hostname from their name and no key, user data or drive, and an empty keypair list', () => {
    const v2 = { version: 2, servers: [{ id: 'u1', name: 'Old Box' }], keypairs: undefined }
    const v3 = migrateState(v2, 'state.json', undefined, 3) as { version: number; keypairs: unknown[]; servers: Record<string, unknown>[] }
    expect(v3.version).toBe(3)
    expect(v3.keypairs).toEqual([])
    expect(v3.servers[0]).toMatchObject({ hostname: 'old-box', keyName: null, keyData: null, userData: null, configDrive: false, launchIndex: 0 })
  })
})
