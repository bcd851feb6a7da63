// Evacuation on real hosts: a server's host stops answering (its sshd, one of
// this test's own, is stopped; the guest itself keeps running there, as in a
// network partition), the sync marks it down, `server evacuate` rebuilds the
// server on the other host from its image, and when the dead host answers again
// the sync removes its stale copy, so the guest does not run twice for long.
// The hosts are asked over OpenSSH what they really hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { OwnSshd } from './own-sshd.js'
import { onHost, realHosts, type RealHost } from './real-hosts.js'

describe('evacuate on real hosts', () => {
  const cli = new CliHome()
  let doomed: RealHost
  let spare: RealHost
  let sshd: OwnSshd
  let server: ServerView
  const domstate = (host: RealHost) => onHost(host, `virsh -q -c ${host.uri} domstate ${server.instance_name} 2>&1 || true`).trim()
  const hasDir = (host: RealHost) => onHost(host, `test -e ${host.instancesDir}/instances/${server.id} && echo yes || echo no`).trim() === 'yes'
  const booted = async (marker: string) => waitFor(`"${marker}" in the console log`, async () => (await cli.run('console', 'log', 'phoenix')).stdout.includes(marker), 120_000, 500)

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    ;[doomed, spare] = hosts
    sshd = await OwnSshd.start(doomed.user)
    const add = (name: string, h: RealHost, port: number) =>
      cli.run('host', 'add', name, '--address', h.address, '--port', String(port), '--user', h.user, '--identity', h.identity, '--uri', h.uri, '--virt-type', h.virtType)
    for (const r of [await add('doomed', doomed, sshd.port), await add('spare', spare, spare.port)]) expect(r.code, r.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', image)).code).toBe(0)
    server = await cli.json<ServerView>('server', 'create', 'phoenix', '--flavor', 'm1.tiny', '--image', 'tiny', '--host', 'doomed', '--property', 'role=db', '--wait')
    await booted('homenova-guest: booted')
  })

  afterAll(async () => {
    await cli.run('server', 'delete', 'phoenix', '--wait')
    await sshd?.remove()
  })

  it('is refused while the host answers', async () => {
    const r = await cli.run('server', 'evacuate', 'phoenix')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Compute service of doomed is still in use')
  })

  it('rebuilds the server on the other host once its own is found down', async () => {
    await sshd.stop()
    const sync = await cli.run('server', 'list', '--refresh')
    expect(sync.stderr).toMatch(/Warning: host doomed is down/)
    const r = await cli.run('server', 'evacuate', 'phoenix', '--wait')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('phoenix: ACTIVE')
    expect(await cli.json<ServerView>('server', 'show', 'phoenix')).toMatchObject({ id: server.id, status: 'ACTIVE', host: 'spare', properties: { role: 'db' } })
    expect(domstate(spare)).toBe('running')
    // The guest on the new host boots from the image and reads its own config drive.
    await booted(`"uuid":"${server.id}"`)
    // The dead host still holds its copy (nobody could reach it) and its claim.
    expect(domstate(doomed)).toBe('running')
    expect((await cli.json<HostView>('host', 'show', 'doomed')).resources.VCPU.used).toBe(1)
  })

  it('removes the stale copy when the dead host answers again', async () => {
    await sshd.resume()
    const r = await cli.run('server', 'list', '--refresh')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('doomed: removed the copy of evacuated server phoenix')
    expect(domstate(doomed)).toMatch(/failed to get domain|not found/i)
    expect(hasDir(doomed)).toBe(false)
    expect(await cli.json<HostView>('host', 'show', 'doomed')).toMatchObject({ status: 'up', evacuated_pending: 0 })
    expect((await cli.json<HostView>('host', 'show', 'doomed')).resources.VCPU.used).toBe(0)
    // The live copy is untouched.
    expect(domstate(spare)).toBe('running')
    expect(hasDir(spare)).toBe(true)
  })
})
