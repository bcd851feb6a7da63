// Power-state sync against a real host: a guest that shuts itself down shows
// SHUTOFF, a domain removed behind homenova's back ERROR, and a host whose sshd
// stops is marked down (the scheduler skips it) and up again once it answers.
// The host is reached through an sshd of this test's own, so stopping it
// disturbs no other test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import type { ActionView } from '../../src/cli/views-actions.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { OwnSshd } from './own-sshd.js'
import { onHost, realHosts, type RealHost } from './real-hosts.js'

describe('power-state sync on a real host', () => {
  const cli = new CliHome()
  let host: RealHost
  let sshd: OwnSshd
  let server: ServerView
  const virsh = (...args: string[]) => onHost(host, `virsh -q -c qemu:///session ${args.join(' ')}`).trim()

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[0]
    sshd = await OwnSshd.start(host.user)
    // homenova's known_hosts starts empty: host add trusts the key on first use, as a user's would.
    const add = await cli.run('host', 'add', 'flaky', '--address', '127.0.0.1', '--port', String(sshd.port), '--user', host.user, '--identity', host.identity, '--uri', host.uri, '--virt-type', host.virtType)
    expect(add.code, add.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', image)).code).toBe(0)
    server = await cli.json<ServerView>('server', 'create', 'drifter', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'drifter')).stdout.includes('homenova-guest: acpid'), 120_000, 500)
  })

  afterAll(async () => {
    await sshd?.remove()
  })

  it('shows SHUTOFF for a guest that shut itself down, with a stop recorded by the sync', async () => {
    virsh('shutdown', server.instance_name) // as if the guest's own user ran poweroff
    await waitFor('the guest to stop', () => virsh('domstate', server.instance_name) === 'shut off', 60_000, 250)
    expect((await cli.json<ServerView>('server', 'show', 'drifter')).status).toBe('ACTIVE') // nobody has looked yet
    const r = await cli.run('server', 'list', '--refresh')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('drifter: ACTIVE -> SHUTOFF')
    expect(await cli.json<ServerView>('server', 'show', 'drifter')).toMatchObject({ status: 'SHUTOFF', power_state: 'Shutdown' })
    const [latest] = await cli.json<ActionView[]>('server', 'event', 'list', 'drifter')
    expect(latest).toMatchObject({ action: 'stop', user_id: 'homenova-power-sync', result: 'Success' })
  })

  it('marks the host down when its sshd is gone, so the scheduler skips it, and up when it answers again', async () => {
    await sshd.stop()
    const r = await cli.run('server', 'list', '--refresh')
    expect(r.stderr).toMatch(/Warning: host flaky is down: SSH to .* refused the connection/)
    expect((await cli.json<HostView[]>('host', 'list'))[0].status).toBe('down')
    const plan = await cli.run('server', 'create', 'x', '--flavor', 'm1.tiny', '--image', 'tiny', '--dry-run')
    expect(plan.stdout + plan.stderr).toMatch(/ComputeFilter/)
    await sshd.resume()
    await cli.run('server', 'list', '--refresh')
    expect((await cli.json<HostView[]>('host', 'list'))[0].status).toBe('up')
  })

  it('puts a server whose domain vanished from its host in ERROR with a fault', async () => {
    virsh('undefine', server.instance_name)
    const r = await cli.run('server', 'list', '--refresh')
    expect(r.stderr).toContain('drifter: SHUTOFF -> ERROR')
    const shown = await cli.json<ServerView>('server', 'show', 'drifter')
    expect(shown.status).toBe('ERROR')
    expect(shown.fault?.message).toMatch(/gone from host flaky/)
    expect((await cli.run('server', 'delete', 'drifter', '--wait')).code).toBe(0)
    expect(onHost(host, `ls -A ${host.instancesDir}/instances`).split('\n')).not.toContain(server.id)
  })
})
