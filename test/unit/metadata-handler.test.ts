// What a guest reads from the metadata service: the instance is found by the
// caller's address or by a proxy's signed X-Instance-ID, never by an unsigned or
// forged one, and it gets its own documents byte for byte.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { handleMetadataRequest, type MetadataConfig, type MetadataRequest } from '../../src/core/metadata/metadata-handler.js'
import type { State } from '../../src/core/store/schema.js'
import { harness } from '../helpers/harness.js'

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQKuN1iVa4yIhvxk9l8XI2uo2EtIIqEyPO4uTx7d6m3 test@homenova'
const SECRET = 'correct horse battery staple'
// Binary user data (a gzip header and bytes that are not UTF-8) must come back unchanged.
const USER_DATA = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x0a, 0x80])
const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex')

async function cloud(): Promise<{ state: State; web: string; db: string }> {
  const h = await harness()
  await h.services.store.transact((state) => {
    state.keypairs.push({ name: 'k1', userId: 'admin', type: 'ssh', publicKey: KEY, fingerprint: 'x', createdAt: 't' })
  })
  await (await h.services.compute.createServers({ name: 'web', flavor: 'm1.tiny', image: 'tiny', guest: { keyName: 'k1', userData: USER_DATA, properties: { role: 'web' } } })).handle.wait()
  await (await h.services.compute.createServers({ name: 'db', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
  await h.services.store.transact((state) => {
    const mac = 'fa:16:3e:00:00:01'
    state.servers.find((s) => s.name === 'web')!.addresses = { default: [{ addr: '10.0.0.5', version: 4, type: 'fixed', mac }, { addr: '192.168.1.50', version: 4, type: 'floating', mac }] }
    state.servers.find((s) => s.name === 'db')!.addresses = { default: [{ addr: '10.0.0.6', version: 4, type: 'fixed', mac }] }
  })
  const state = await h.services.store.read()
  const id = (name: string) => state.servers.find((s) => s.name === name)!.id
  return { state, web: id('web'), db: id('db') }
}

const { state, web, db } = await cloud()
const config: MetadataConfig = { sharedSecret: SECRET }
const get = (path: string, from = '10.0.0.5', headers: MetadataRequest['headers'] = {}, cfg = config) =>
  handleMetadataRequest(state, { path, remoteAddress: from, headers }, cfg)
const proxied = (id: string, signature: string) => ({ 'X-Instance-ID': id, 'X-Tenant-ID': 'admin', 'X-Instance-ID-Signature': signature })
const body = (r: { body: string | Buffer }) => r.body.toString()

describe('metadata service: by the caller address', () => {
  it("answers meta_data.json for the server that owns the address", () => {
    const r = get('/openstack/latest/meta_data.json')
    expect(r).toMatchObject({ status: 200, contentType: 'application/json', instanceId: web })
    expect(JSON.parse(body(r))).toMatchObject({ uuid: web, hostname: 'web.novalocal', name: 'web', public_keys: { k1: KEY }, meta: { role: 'web' }, launch_index: 0 })
    expect(JSON.parse(body(get('/openstack/latest/meta_data.json', '::ffff:10.0.0.6'))).uuid).toBe(db)
  })

  it('gives user data byte for byte, and 404 to a server without any', () => {
    const r = get('/openstack/2012-08-10/user_data')
    expect(Buffer.isBuffer(r.body) && r.body.equals(USER_DATA)).toBe(true)
    expect((get('/latest/user-data').body as Buffer).equals(USER_DATA)).toBe(true)
    expect(get('/openstack/latest/user_data', '10.0.0.6').status).toBe(404)
    expect(get('/latest/user-data', '10.0.0.6').status).toBe(404)
  })

  it('lists versions and the documents each version has', () => {
    expect(body(get('/openstack')).split('\n')).toEqual(expect.arrayContaining(['2012-08-10', '2020-10-14', 'latest']))
    expect(body(get('/openstack/2012-08-10/')).split('\n')).toEqual(['meta_data.json', 'user_data'])
    expect(body(get('/openstack/latest', '10.0.0.6')).split('\n')).toEqual(['meta_data.json', 'vendor_data.json', 'network_data.json', 'vendor_data2.json'])
    expect(JSON.parse(body(get('/openstack/latest/network_data.json'))).links[0].type).toBe('phy')
    expect(JSON.parse(body(get('/openstack/latest/vendor_data2.json')))).toEqual({ static: {} })
    expect(get('/').body).toMatch(/^1\.0\n[\s\S]*\n2009-04-04\nlatest$/)
  })

  it('walks the EC2 tree as EC2 lays it out', () => {
    const listing = body(get('/latest/meta-data/')).split('\n')
    expect(listing).toEqual(expect.arrayContaining(['ami-id', 'hostname', 'instance-id', 'local-ipv4', 'placement/', 'public-keys/', 'block-device-mapping/']))
    expect(body(get('/latest/'))).toBe('meta-data/\nuser-data')
    expect(body(get('/latest/meta-data/placement/availability-zone'))).toBe('nova')
    expect(body(get('/latest/meta-data/public-keys/'))).toBe('0=k1')
    expect(body(get('/latest/meta-data/public-keys/0'))).toBe('openssh-key')
    expect(body(get('/latest/meta-data/public-keys/0/openssh-key'))).toBe(KEY)
    expect(body(get('/latest/meta-data/local-ipv4'))).toBe('10.0.0.5')
    expect(body(get('/latest/meta-data/public-ipv4'))).toBe('192.168.1.50')
    expect(body(get('/latest/meta-data/instance-type'))).toBe('m1.tiny')
    expect(body(get('/ec2/2009-04-04/meta-data/hostname'))).toBe('web.novalocal')
    // Older EC2 versions lack what EC2 added later.
    expect(get('/2007-01-19/meta-data/placement/availability-zone').status).toBe(404)
    expect(get('/latest/meta-data/public-keys/', '10.0.0.6').status).toBe(404)
  })

  it('answers 404 to an unknown address, version or document', () => {
    expect(get('/openstack/latest/meta_data.json', '10.0.0.99')).toMatchObject({ status: 404, reason: expect.stringContaining('10.0.0.99') })
    expect(get('/openstack/2011-01-01/meta_data.json').status).toBe(404)
    expect(get('/openstack/latest/secrets.json').status).toBe(404)
    expect(get('/openstack/2013-04-04/network_data.json').status).toBe(404)
    expect(get('/openstack/2016-06-30/vendor_data2.json').status).toBe(404)
    expect(get('/2006-01-01/meta-data/').status).toBe(404)
    expect(get('/latest/meta-data/no-such-key').status).toBe(404)
  })

  it('believes X-Forwarded-For only when told to', () => {
    const headers = { 'x-forwarded-for': '10.0.0.6, 10.0.0.1' }
    expect(get('/openstack/latest/meta_data.json', '127.0.0.1', headers).status).toBe(404)
    expect(get('/openstack/latest/meta_data.json', '127.0.0.1', headers, { ...config, trustForwarded: true }).instanceId).toBe(db)
  })
})

describe('metadata service: through a proxy', () => {
  it('answers a signed X-Instance-ID for that instance, wherever the request comes from', () => {
    const r = get('/openstack/latest/meta_data.json', '127.0.0.1', proxied(db, sign(SECRET, db)))
    expect(r).toMatchObject({ status: 200, instanceId: db })
    expect(JSON.parse(body(r)).uuid).toBe(db)
  })

  it('refuses unsigned and forged requests with 403', () => {
    const unsigned = { 'X-Instance-ID': db, 'X-Tenant-ID': 'admin' }
    expect(get('/openstack/latest/meta_data.json', '10.0.0.5', unsigned)).toMatchObject({ status: 403, body: 'Invalid proxy request signature.\n' })
    // Another secret, or the right secret over another instance's id.
    expect(get('/openstack/latest/meta_data.json', '10.0.0.5', proxied(db, sign('guessed', db))).status).toBe(403)
    expect(get('/openstack/latest/meta_data.json', '10.0.0.5', proxied(db, sign(SECRET, web))).status).toBe(403)
    expect(get('/openstack/latest/meta_data.json', '10.0.0.5', proxied(db, sign(SECRET, db).toUpperCase())).status).toBe(403)
    expect(get('/openstack/latest/meta_data.json', '10.0.0.5', proxied(db, 'short')).status).toBe(403)
  })

  it('refuses every proxied request when no shared secret is configured', () => {
    const r = get('/openstack/latest/meta_data.json', '10.0.0.5', proxied(db, sign('', db)), { sharedSecret: '' })
    expect(r).toMatchObject({ status: 403, reason: expect.stringContaining('proxy path disabled') })
    expect(body(r)).toContain('metadata_proxy_shared_secret')
  })

  it('answers 404 for a signed id of another project or of no live server', () => {
    expect(get('/openstack/latest/meta_data.json', '127.0.0.1', { ...proxied(db, sign(SECRET, db)), 'X-Tenant-ID': 'other' }).status).toBe(404)
    const ghost = '00000000-0000-4000-8000-000000000000'
    expect(get('/openstack/latest/meta_data.json', '127.0.0.1', proxied(ghost, sign(SECRET, ghost))).status).toBe(404)
  })

  it('never finds a deleted server', () => {
    const deleted: State = { ...state, servers: state.servers.map((s) => (s.id === web ? { ...s, vmState: 'deleted' as const } : s)) }
    const ask = (headers: MetadataRequest['headers']) => handleMetadataRequest(deleted, { path: '/openstack/latest/meta_data.json', remoteAddress: '10.0.0.5', headers }, config)
    expect(ask({}).status).toBe(404)
    expect(ask(proxied(web, sign(SECRET, web))).status).toBe(404)
  })
})
