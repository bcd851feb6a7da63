// Server actions through the CLI on simulated hosts: every power action, the
// state machine's refusals (store untouched), racing actions, locks, several
// servers at once, filters and instance actions.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import type { ActionView } from '../../src/cli/views-actions.js'
import { CliHome, fakeCluster } from '../helpers/cli.js'

const status = async (cli: CliHome, name: string) => (await cli.json<ServerView>('server', 'show', name)).status

describe('power actions on a fake host', () => {
  let cli: CliHome
  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    await cli.json('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
  })

  it('walks a server through stop, start, pause, unpause, suspend, resume and both reboots', async () => {
    const steps: Array<[string[], string, string]> = [
      [['stop'], 'SHUTOFF', 'shutoff'],
      [['start'], 'ACTIVE', 'running'],
      [['pause'], 'PAUSED', 'paused'],
      [['unpause'], 'ACTIVE', 'running'],
      [['suspend'], 'SUSPENDED', 'suspended'],
      [['resume'], 'ACTIVE', 'running'],
      [['reboot'], 'ACTIVE', 'running'],
      [['reboot', '--hard'], 'ACTIVE', 'running'],
    ]
    for (const [verb, expected, domainState] of steps) {
      const r = await cli.run('server', ...verb, 'vm', '--wait')
      expect(r.code, `${verb.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stdout).toContain(`vm: ${expected}`)
      expect(await status(cli, 'vm')).toBe(expected)
      const server = cli.state().servers.find((s) => s.name === 'vm')!
      expect(cli.state().fakeDomains.find((d) => d.name === server.domainName)?.state).toBe(domainState)
    }
  })

  it('records every action with its request id, user, times, result and steps', async () => {
    const events = await cli.json<ActionView[]>('server', 'event', 'list', 'vm')
    expect(events.map((e) => e.action)).toEqual(['reboot', 'reboot', 'resume', 'suspend', 'unpause', 'pause', 'start', 'stop', 'create'])
    expect(events.every((e) => e.result === 'Success' && e.user_id === 'admin' && e.finish_time && /^req-/.test(e.request_id))).toBe(true)
    const create = await cli.json<ActionView>('server', 'event', 'show', 'vm', events.at(-1)!.request_id)
    expect(create.events.map((e) => e.event)).toEqual(['conductor_schedule_and_build_instances', 'compute_build_and_run_instance'])
    expect(create.events[1].steps.map((s) => s.name)).toEqual(['image', 'spawn'])
  })

  it('refuses an action the state does not allow, naming the state and the allowed ones, touching nothing', async () => {
    expect((await cli.run('server', 'stop', 'vm', '--wait')).code).toBe(0)
    const before = cli.stateBytes()
    const r = await cli.run('server', 'stop', 'vm')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Cannot stop server vm while it is SHUTOFF \(vm_state stopped, task_state none\); stop is allowed with vm_state active or error/)
    const pause = await cli.run('server', 'pause', 'vm', '--json')
    expect(pause.code).toBe(1)
    expect(JSON.parse(pause.stdout).error.message).toMatch(/Cannot pause server vm while it is SHUTOFF/)
    expect(cli.stateBytes()).toBe(before)
    expect((await cli.run('server', 'start', 'vm', '--wait')).code).toBe(0)
  })

  it('gives one of two racing stops the server and refuses the other', async () => {
    const [a, b] = await Promise.all([cli.run('server', 'stop', 'vm', '--wait'), cli.run('server', 'stop', 'vm', '--wait')])
    expect([a.code, b.code].sort()).toEqual([0, 1])
    expect((a.code ? a : b).stderr).toMatch(/Cannot stop server vm while it is (ACTIVE \(vm_state active, task_state powering-off\)|SHUTOFF)/)
    expect(await status(cli, 'vm')).toBe('SHUTOFF')
  })

  it('refuses everything but unlock on a locked server, with the reason', async () => {
    expect((await cli.run('server', 'lock', 'vm', '--reason', 'maintenance window')).code).toBe(0)
    expect(await cli.json<ServerView>('server', 'show', 'vm')).toMatchObject({ locked: true, locked_reason: 'maintenance window' })
    for (const verb of [['start'], ['delete'], ['set', '--name', 'x']]) {
      const r = await cli.run('server', ...verb, 'vm')
      expect(r.code, verb.join(' ')).toBe(1)
      expect(r.stderr).toContain('Server vm is locked (maintenance window)')
    }
    expect((await cli.run('server', 'unlock', 'vm')).code).toBe(0)
    expect((await cli.run('server', 'start', 'vm', '--wait')).code).toBe(0)
  })

  it('sets and unsets a name, description and properties', async () => {
    const set = await cli.json<ServerView>('server', 'set', '--property', 'role=web', '--property', 'tier=1', '--description', 'front end', 'vm')
    expect(set).toMatchObject({ properties: { role: 'web', tier: '1' }, description: 'front end' })
    const unset = await cli.json<ServerView>('server', 'unset', 'vm', '--property', 'tier', '--description')
    expect(unset).toMatchObject({ properties: { role: 'web' }, description: null })
    expect((await cli.run('server', 'unset', 'vm', '--property', 'nope')).stderr).toContain('has no property "nope"')
  })
})

describe('several servers at once', () => {
  it('stops, filters and deletes several servers, reporting each refusal and exiting 1', async () => {
    const cli = await fakeCluster([['sim1'], ['sim2']])
    await cli.json('server', 'create', 'web', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '3', '--wait')
    const stop = await cli.run('server', 'stop', 'web-1', 'web-2', '--wait')
    expect(stop.code, stop.stderr).toBe(0)
    const off = await cli.json<ServerView[]>('server', 'list', '--status', 'shutoff')
    expect(off.map((s) => s.name).sort()).toEqual(['web-1', 'web-2'])
    expect((await cli.json<ServerView[]>('server', 'list', '--name', '-3$')).map((s) => s.name)).toEqual(['web-3'])
    const again = await cli.run('server', 'stop', 'web-1', 'web-3', 'nope', '--wait')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('Cannot stop server web-1 while it is SHUTOFF')
    expect(again.stderr).toContain('No server named or with ID "nope"')
    expect(again.stdout).toContain('web-3: SHUTOFF')
    const del = await cli.run('server', 'delete', 'web-1', 'web-2', 'web-3', '--wait')
    expect(del.code, del.stderr).toBe(0)
    expect(await cli.json('server', 'list')).toEqual([])
    expect(cli.state().allocations).toEqual([])
    expect(cli.state().fakeDomains.filter((d) => !d.name.startsWith('_base/'))).toEqual([])
  })
})
