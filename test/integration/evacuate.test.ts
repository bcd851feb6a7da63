// Evacuation (nova evacuate / host-evacuate) through the built CLI on simulated
// hosts: refused while the host is up, the servers rebuilt elsewhere once it is
// down, and the dead host's leftovers removed when it comes back.
import { beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import type { ActionView } from '../../src/cli/views-actions.js'
import { CliHome, fakeCluster } from '../helpers/cli.js'

describe('evacuate through the CLI', () => {
  let cli: CliHome
  const server = (name: string) => cli.json<ServerView>('server', 'show', name)
  const host = (name: string) => cli.json<HostView>('host', 'show', name)
  const domainsOn = (hostName: string) => {
    const state = cli.state()
    const id = state.hosts.find((h) => h.name === hostName)!.id
    return state.fakeDomains.filter((d) => d.hostId === id && d.name.startsWith('instance-')).map((d) => d.name)
  }
  const ok = async (...args: string[]) => {
    const r = await cli.run(...args)
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    return r
  }

  beforeAll(async () => {
    cli = await fakeCluster([['sim1'], ['sim2'], ['sim3']])
    for (const name of ['web', 'db', 'cache']) await ok('server', 'create', name, '--flavor', 'm1.tiny', '--image', 'tiny', '--host', 'sim1', '--wait')
    await ok('server', 'stop', 'db', '--wait')
    await ok('server', 'lock', 'cache')
  })

  it('refuses while the host is up, changing nothing', async () => {
    const before = cli.stateBytes()
    const r = await cli.run('server', 'evacuate', 'web')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Compute service of sim1 is still in use')
    expect(r.stderr).toContain('compute service set sim1 --down')
    const all = await cli.run('host', 'evacuate', 'sim1')
    expect(all.code).toBe(1)
    expect(all.stderr).toContain('only a host that is down can be evacuated')
    expect(cli.stateBytes()).toBe(before)
  })

  it('forces the host down (compute service set --down) and the scheduler skips it', async () => {
    const r = await ok('compute', 'service', 'set', 'sim1', '--down')
    expect(r.stdout).toContain('sim1 nova-compute: enabled, down (forced down)')
    const services = await cli.json<Array<{ host: string; state: string; forced_down: boolean }>>('compute', 'service', 'list')
    expect(services.find((s) => s.host === 'sim1')).toMatchObject({ state: 'down', forced_down: true })
    const dry = await cli.run('server', 'create', 'probe', '--flavor', 'm1.tiny', '--image', 'tiny', '--dry-run')
    expect(dry.stdout).toMatch(/sim1 .*ComputeFilter .*compute service is down \(forced down\)/)
  })

  it('rebuilds a server on another host, keeping its id; a stopped one stays stopped', async () => {
    const web = await server('web')
    const db = await server('db')
    // Created with --host sim1, that forced host is not forced again (it is the dead one):
    // with sim3 disabled the scheduler has sim2 left.
    await ok('compute', 'service', 'set', 'sim3', '--disable')
    const r = await ok('server', 'evacuate', 'web', 'db', '--wait')
    await ok('compute', 'service', 'set', 'sim3', '--enable')
    expect(r.stdout).toContain('web: ACTIVE')
    expect(r.stdout).toContain('db: SHUTOFF')
    expect(await server('web')).toMatchObject({ id: web.id, status: 'ACTIVE', host: 'sim2', flavor: { name: 'm1.tiny' } })
    expect(await server('db')).toMatchObject({ id: db.id, status: 'SHUTOFF', host: 'sim2' })
    const events = await cli.json<ActionView[]>('server', 'event', 'list', 'web')
    expect(events[0]).toMatchObject({ action: 'evacuate' })
    // The dead host keeps its copies and their claims until it is back.
    expect(domainsOn('sim1')).toEqual(expect.arrayContaining([web.instance_name, db.instance_name]))
    expect((await host('sim1')).resources.VCPU.used).toBe(3)
    expect((await host('sim1')).evacuated_pending).toBe(2)
  })

  it('evacuates what is left on the host, a locked server included (Nova does not lock-check evacuate)', async () => {
    const r = await ok('host', 'evacuate', 'sim1', '--target-host', 'sim3', '--wait')
    expect(r.stdout).toContain('cache: ACTIVE')
    expect(await server('cache')).toMatchObject({ status: 'ACTIVE', host: 'sim3', locked: true })
  })

  it('removes the copies from the host when it is back, and frees its claims', async () => {
    await ok('compute', 'service', 'set', 'sim1', '--up')
    // Forced down no more, but nothing is removed before a sync has seen the host answer.
    expect(domainsOn('sim1')).toHaveLength(3)
    const r = await ok('server', 'list', '--refresh')
    expect(r.stderr).toContain('sim1: removed the copy of evacuated server web')
    expect(domainsOn('sim1')).toEqual([])
    const sim1 = await host('sim1')
    expect(sim1).toMatchObject({ status: 'up', evacuated_pending: 0 })
    expect(sim1.resources.VCPU.used).toBe(0)
    expect((await host('sim2')).resources.VCPU.used).toBe(2)
    // And the evacuated servers are untouched where they are now.
    expect(await server('web')).toMatchObject({ status: 'ACTIVE', host: 'sim2' })
  })

  it('refuses a server whose host is up, and a destination that is its own host', async () => {
    const r = await cli.run('server', 'evacuate', 'web', '--host', 'sim3')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Compute service of sim2 is still in use')
    await ok('compute', 'service', 'set', 'sim2', '--down')
    const same = await cli.run('server', 'evacuate', 'web', '--host', 'sim2')
    expect(same.code).toBe(1)
    expect(same.stderr).toContain('on sim2 already')
    await ok('compute', 'service', 'set', 'sim2', '--up')
  })
})
