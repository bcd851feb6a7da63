// The whole CLI on simulated hosts, run as separate processes the way a user
// runs it: boot, list, console log, delete, and the failures Nova records.
import { beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import { CliHome, fakeCluster, waitFor } from '../helpers/cli.js'

const cluster = () =>
  fakeCluster([
    ['sim1', '--vcpus', '4', '--ram', '8192', '--disk', '100'],
    ['sim2', '--vcpus', '4', '--ram', '8192', '--disk', '100'],
  ])

describe('servers on fake hosts', () => {
  let cli: CliHome
  beforeAll(async () => {
    cli = await cluster()
  })

  it('boots a server with --wait to ACTIVE, lists it and reads its console', async () => {
    const server = await cli.json<ServerView>('server', 'create', 'vm1', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    expect(server).toMatchObject({ name: 'vm1', status: 'ACTIVE', vm_state: 'active', task_state: null, power_state: 'Running' })
    expect(['sim1', 'sim2']).toContain(server.host)
    const list = await cli.json<ServerView[]>('server', 'list')
    expect(list.map((s) => [s.name, s.status])).toEqual([['vm1', 'ACTIVE']])
    const log = await cli.run('console', 'log', 'vm1')
    expect(log.code).toBe(0)
    expect(log.stdout).toContain('homenova-guest: booted')
    const hosts = await cli.json<HostView[]>('host', 'list')
    const used = hosts.find((h) => h.name === server.host)!.resources
    expect([used.VCPU.used, used.MEMORY_MB.used, used.DISK_GB.used]).toEqual([1, 512, 1])
  })

  it('spreads the second server to the other host (RAMWeigher)', async () => {
    const first = await cli.json<ServerView>('server', 'show', 'vm1')
    const second = await cli.json<ServerView>('boot', 'vm2', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    expect(second.host).not.toBe(first.host)
  })

  it('builds without --wait through a background conductor', async () => {
    const created = await cli.json<ServerView>('server', 'create', 'vm3', '--flavor', 'm1.tiny', '--image', 'tiny')
    expect(created.status).toBe('BUILD')
    const active = await waitFor('vm3 ACTIVE', async () => (await cli.json<ServerView>('server', 'show', created.id)).status === 'ACTIVE')
    expect(active).toBe(true)
  })

  it('deletes a server: hidden from the list, domain gone, resources released', async () => {
    const server = await cli.json<ServerView>('server', 'show', 'vm1')
    const del = await cli.run('server', 'delete', 'vm1', '--wait')
    expect(del.code).toBe(0)
    const names = (await cli.json<ServerView[]>('list')).map((s) => s.name)
    expect(names).not.toContain('vm1')
    const state = cli.state()
    expect(state.allocations.find((a) => a.consumerId === server.id)).toBeUndefined()
    expect(state.fakeDomains.find((d) => d.name === server.instance_name)).toBeUndefined()
    expect(state.servers.find((s) => s.id === server.id)?.vmState).toBe('deleted')
  })
})

describe('builds that fail after they are recorded', () => {
  it('records "No valid host was found" with the reason, exits 1 and holds no allocation', async () => {
    const cli = await cluster()
    const r = await cli.run('server', 'create', 'huge', '--flavor', 'm1.xlarge', '--image', 'tiny', '--wait')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('No valid host was found.')
    expect(r.stderr).toContain('Placement removed 2 of 2 hosts')
    const server = await cli.json<ServerView>('server', 'show', 'huge')
    expect(server.status).toBe('ERROR')
    expect(server.fault?.message).toBe('No valid host was found.')
    expect(server.fault?.details).toMatch(/needs 8 vCPU/)
    expect(cli.state().allocations).toEqual([])
  })

  it('puts a build that fails on its host in ERROR with nothing left there', async () => {
    const cli = await fakeCluster([['broken', '--property', 'simulate_spawn_failure=true']])
    const r = await cli.run('server', 'create', 'doomed', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('Simulated spawn failure on broken')
    const server = await cli.json<ServerView>('server', 'show', 'doomed')
    expect(server.status).toBe('ERROR')
    // With retries on (max_attempts 3) and no alternate host, Nova ends in MaxRetriesExceeded.
    expect(server.fault?.message).toMatch(/^Exceeded maximum number of retries/)
    expect(server.fault?.details).toContain('Simulated spawn failure on broken')
    const state = cli.state()
    expect(state.allocations).toEqual([])
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
    // An ERROR server can be deleted, and then it is gone.
    expect((await cli.run('server', 'delete', 'doomed', '--wait')).code).toBe(0)
    expect(await cli.json<ServerView[]>('server', 'list')).toEqual([])
  })
})

describe('a delete during a build', () => {
  it('waits for the build to stop, then removes everything', async () => {
    const cli = await fakeCluster([['slow', '--property', 'simulate_spawn_seconds=2']])
    await cli.json('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny') // built by a background conductor
    await waitFor('spawning', () => cli.state().servers[0]?.taskState === 'spawning', 20_000, 20)
    const del = await cli.run('server', 'delete', 'vm', '--wait')
    expect(del.code, del.stderr).toBe(0)
    const state = cli.state()
    expect(state.servers[0]).toMatchObject({ vmState: 'deleted', taskState: null })
    expect(state.tasks.find((t) => t.kind === 'build')).toMatchObject({ status: 'failed', error: 'The server is being deleted' })
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
    expect(state.allocations).toEqual([])
  })
})

describe('a process killed mid-build', () => {
  // Nova's _init_instance: an instance found BUILDING after a restart goes to ERROR.
  it('leaves a task the next conductor ends in ERROR, holding nothing', async () => {
    const cli = await fakeCluster([['slow', '--property', 'simulate_spawn_seconds=3']])
    const child = cli.spawn('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await waitFor('spawning', () => cli.hasTaskState('spawning'), 20_000, 20)
    child.kill('SIGKILL')
    await child
    const build = () => cli.state().tasks.find((t) => t.kind === 'build')!
    expect(build().status).toBe('running') // the dead owner's lease is still recorded
    const drain = await cli.run('conductor', '--drain')
    expect(drain.code).toBe(0)
    const state = cli.state()
    expect(build()).toMatchObject({ status: 'failed', takeovers: 1 })
    expect(state.servers[0]).toMatchObject({ vmState: 'error', taskState: null, host: null })
    expect(state.servers[0].fault?.message).toMatch(/conductor running this build stopped/)
    expect(state.fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
    expect(state.allocations).toEqual([])
  })
})
