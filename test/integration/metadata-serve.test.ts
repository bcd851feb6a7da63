// `homenova metadata serve` as an operator runs it: a real HTTP service on
// loopback that answers a guest by its address and a proxy by a signed
// X-Instance-ID, turns forged requests away, logs each request, and stops on SIGTERM.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Store } from '../../src/core/store/store.js'
import { fakeCluster, waitFor } from '../helpers/cli.js'

const SECRET = 's3cret-for-tests'
const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex')

describe('metadata serve', () => {
  it('serves guests over HTTP, refuses forged proxy requests, and exits 0 on SIGTERM', async () => {
    const cli = await fakeCluster([['sim1']])
    const a = await cli.json<{ id: string }>('server', 'create', 'a', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    const b = await cli.json<{ id: string }>('server', 'create', 'b', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    expect((await cli.run('config', 'set', 'metadata_proxy_shared_secret', SECRET)).code).toBe(0)
    // Nothing discovers guest addresses on fake hosts; give server a this machine's loopback address.
    await new Store(cli.home).transact((state) => {
      state.servers.find((s) => s.id === a.id)!.addresses = { default: [{ addr: '127.0.0.1', version: 4, type: 'fixed', mac: 'fa:16:3e:00:00:01' }] }
    })

    const child = cli.spawn('metadata', 'serve', '--listen', '127.0.0.1:0')
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const port = Number((await waitFor('the listening line', () => /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out), 20_000))[1])
    const url = (path: string) => `http://127.0.0.1:${port}${path}`
    try {
      // By address: the request comes from 127.0.0.1, which server a owns.
      const mine = await fetch(url('/openstack/latest/meta_data.json'))
      expect(mine.status).toBe(200)
      expect(mine.headers.get('content-type')).toBe('application/json')
      expect(await mine.json()).toMatchObject({ uuid: a.id, name: 'a', hostname: 'a.novalocal' })
      expect(await (await fetch(url('/latest/meta-data/hostname'))).text()).toBe('a.novalocal')

      // Through a proxy: b's id, signed with the shared secret.
      const proxied = (id: string, signature: string) => ({ 'X-Instance-ID': id, 'X-Tenant-ID': 'admin', 'X-Instance-ID-Signature': signature })
      const signed = await fetch(url('/openstack/latest/meta_data.json'), { headers: proxied(b.id, sign(SECRET, b.id)) })
      expect(signed.status).toBe(200)
      expect(((await signed.json()) as { uuid: string }).uuid).toBe(b.id)
      const forged = await fetch(url('/openstack/latest/meta_data.json'), { headers: proxied(b.id, sign('guess', b.id)) })
      expect(forged.status).toBe(403)
      expect(await forged.text()).toContain('Invalid proxy request signature')

      expect((await fetch(url('/openstack/1999-01-01/meta_data.json'))).status).toBe(404)
      const post = await fetch(url('/openstack/latest/password'), { method: 'POST', body: 'x' })
      expect(post.status).toBe(405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
      const head = await fetch(url('/openstack/latest/meta_data.json'), { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(await head.text()).toBe('')

      // One line per request; refusals say why.
      await waitFor('the request log', () => out.includes('POST /openstack/latest/password 405'))
      expect(out).toContain(`GET /openstack/latest/meta_data.json 200 instance ${a.id}`)
      expect(out).toContain(`GET /openstack/latest/meta_data.json 200 instance ${b.id}`)
      expect(out).toMatch(new RegExp(`GET /openstack/latest/meta_data.json 403 refused: bad signature for X-Instance-ID ${b.id}`))
    } finally {
      child.kill('SIGTERM')
    }
    const result = await child
    expect(result.exitCode, String(result.stderr)).toBe(0)
  }, 60_000)

  it('refuses a --listen it cannot parse', async () => {
    const cli = await fakeCluster([])
    const r = await cli.run('metadata', 'serve', '--listen', 'localhost')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--listen takes ADDR:PORT')
  })
})
