// Live migration through the built CLI on simulated hosts, as a user types it
// (openstack's `server migrate --live-migration`, nova's `live-migration`): the
// guest goes on running elsewhere without a reboot, its claim moves with it, a
// failure leaves it running where it was, and bad requests change nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import type { ActionView } from '../../src/cli/views-actions.js'
import { CliHome, fakeCluster, waitFor } from '../helpers/cli.js'

describe('live migration through the CLI', () => {
  let cli: CliHome
  const show = (name = 'vm') => cli.json<ServerView>('server', 'show', name)
  const usedVcpus = async (host: string) => (await cli.json<HostView[]>('host', 'list')).find((h) => h.name === host)!.resources.VCPU.used
  const log = async (name = 'vm') => (await cli.run('console', 'log', name)).stdout

  beforeAll(async () => {
    cli = await fakeCluster([['sim1'], ['sim2'], ['flaky', '--property', 'simulate_failure=liveMigrate'], ['busy', '--property', 'simulate_live_migration_seconds=60']])
    await cli.json('server', 'create', 'vm', '--flavor', 'm1.small', '--image', 'tiny', '--host', 'sim1', '--wait')
  })

  it('moves a running server to the host named, where it goes on without a reboot', async () => {
    const r = await cli.run('server', 'migrate', 'vm', '--live-migration', '--host', 'sim2', '--block-migration', '--wait')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/live-migrate sim1 -> sim2 in [\d.]+ s/)
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: 'sim2', task_state: null })
    expect(await usedVcpus('sim1')).toBe(0)
    expect(await usedVcpus('sim2')).toBe(1)
    const console = await log()
    expect(console.match(/homenova-guest: booted/g)).toHaveLength(1) // booted once, on sim1
    expect(console).toContain('live-migrated from sim1 to sim2, still running')
    const [latest] = await cli.json<ActionView[]>('server', 'event', 'list', 'vm')
    expect(latest).toMatchObject({ action: 'live-migration', result: 'Success', message: null })
  })

  it("moves a paused server with nova's verb, and it stays paused", async () => {
    expect((await cli.run('server', 'pause', 'vm', '--wait')).code).toBe(0)
    const r = await cli.run('live-migration', 'vm', 'sim1', '--block-migrate', '--wait')
    expect(r.code, r.stderr).toBe(0)
    expect(await show()).toMatchObject({ status: 'PAUSED', host: 'sim1' })
    expect((await cli.run('server', 'unpause', 'vm', '--wait')).code).toBe(0)
  })

  it('leaves the guest running where it was when the migration fails, and puts the claims back', async () => {
    // flaky's own sends fail: a server there cannot leave
    await cli.json('server', 'create', 'stuck', '--flavor', 'm1.tiny', '--image', 'tiny', '--host', 'flaky', '--wait')
    const r = await cli.run('live-migration', 'stuck', 'sim2', '--wait')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Simulated liveMigrate failure on flaky')
    const stuck = await show('stuck')
    expect(stuck).toMatchObject({ status: 'ACTIVE', host: 'flaky', task_state: null })
    expect(stuck.fault?.message).toMatch(/^Live migration failed and was rolled back: /)
    expect(await usedVcpus('flaky')).toBe(1)
    expect(await usedVcpus('sim2')).toBe(0)
    expect(await log('stuck')).toContain('homenova-guest: booted')
  })

  it('finishes or undoes a migration whose process was killed, never losing the guest or a claim', async () => {
    for (let round = 0; round < 3; round++) {
      const from = (await show()).host
      const child = cli.spawn('live-migration', 'vm', '--wait')
      await waitFor('migrating', () => cli.hasTaskState('migrating'), 20_000, 5)
      await new Promise((r) => setTimeout(r, round * 150)) // before, during or after the guest moved
      child.kill('SIGKILL')
      await child.catch(() => undefined)
      const drain = await cli.run('conductor', '--drain')
      expect(drain.code, drain.stderr).toBe(0)
      const after = await show()
      expect(after).toMatchObject({ status: 'ACTIVE', task_state: null })
      expect(['sim1', 'sim2']).toContain(after.host)
      // the guest runs where the server says, booted once; one claim, on that host
      const console = await log()
      expect(console.match(/homenova-guest: booted/g), `round ${round} from ${from}`).toHaveLength(1)
      const claims = cli.state().allocations.filter((a) => a.consumerId.endsWith(after.id))
      expect(claims.map((a) => [a.consumerId, cli.state().hosts.find((h) => h.id === a.providerId)?.name])).toEqual([[after.id, after.host]])
    }
  })

  it('refuses what it cannot do with a clear error, changing nothing', async () => {
    const before = cli.stateBytes()
    const here = (await show()).host!
    const cases: Array<[string[], RegExp]> = [
      [['live-migration', 'vm', here], new RegExp(`vm is on ${here} already: a live migration goes to another host`)],
      [['live-migration', 'vm', 'nowhere'], /No host named nowhere|nowhere/],
      [['server', 'migrate', 'vm', '--block-migration'], /--live-migration/],
    ]
    for (const [args, message] of cases) {
      const r = await cli.run(...args)
      expect(r.code, args.join(' ')).not.toBe(0)
      expect(r.stderr).toMatch(message)
    }
    expect(cli.stateBytes()).toBe(before)
    expect((await cli.run('server', 'stop', 'vm', '--wait')).code).toBe(0)
    const stopped = cli.stateBytes()
    const r = await cli.run('server', 'migrate', 'vm', '--live-migration')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Cannot live migrate server vm while it is SHUTOFF')
    expect(r.stderr).toContain('allowed with vm_state active or paused')
    expect(cli.stateBytes()).toBe(stopped)
    expect(before).not.toBe(stopped)
  })

  it('stops a copy that takes too long: aborted, the guest stays; or, with force_complete, finished', async () => {
    // busy's guests dirty memory faster than the copy: it would take a minute. The limit: 1 s per GiB of RAM (at least 2) and disk (1).
    await cli.json('server', 'create', 'hot', '--flavor', 'm1.tiny', '--image', 'tiny', '--host', 'busy', '--wait')
    expect((await cli.run('config', 'set', 'live_migration_completion_timeout', '1')).code).toBe(0)
    const sim2Used = await usedVcpus('sim2')
    const aborted = await cli.run('live-migration', 'hot', 'sim2', '--wait')
    expect(aborted.code).toBe(1)
    expect(aborted.stderr).toContain('it did not finish within 3 s (live_migration_completion_timeout) and was aborted (live_migration_timeout_action abort)')
    expect(await show('hot')).toMatchObject({ status: 'ACTIVE', host: 'busy', task_state: null })
    expect(await usedVcpus('sim2')).toBe(sim2Used)

    expect((await cli.run('config', 'set', 'live_migration_timeout_action', 'force_complete')).code).toBe(0)
    const forced = await cli.run('live-migration', 'hot', 'sim2', '--wait')
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toMatch(/busy -> sim2 in [\d.]+ s, paused to finish \(live_migration_timeout_action force_complete\)/)
    expect(await show('hot')).toMatchObject({ status: 'ACTIVE', host: 'sim2', task_state: null, fault: null })
    expect(await usedVcpus('busy')).toBe(0)
    expect(await usedVcpus('sim2')).toBe(sim2Used + 1)

    const bad = await cli.run('config', 'set', 'live_migration_timeout_action', 'wait')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('live_migration_timeout_action is abort or force_complete, got "wait"')
  })
})
