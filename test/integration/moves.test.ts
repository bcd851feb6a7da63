// Rebuild, snapshot, rescue, resize/migrate with confirm and revert, and shelve
// through the built CLI on simulated hosts, as a user types them.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import type { ActionView } from '../../src/cli/views-actions.js'
import { CliHome, fakeCluster } from '../helpers/cli.js'

describe('moves and images through the CLI', () => {
  let cli: CliHome
  const show = () => cli.json<ServerView>('server', 'show', 'vm')
  const ok = async (...args: string[]) => {
    const r = await cli.run(...args)
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    return r
  }

  beforeAll(async () => {
    cli = await fakeCluster([['sim1'], ['sim2']])
    await cli.json('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--host', 'sim1', '--wait')
  })

  it('snapshots into an image that boots a new server (nova image-create)', async () => {
    const r = await ok('image-create', 'vm', '--name', 'golden', '--wait')
    expect(r.stdout).toMatch(/Image golden \(\S+\): active/)
    expect((await cli.json<ServerView>('server', 'create', 'twin', '--flavor', 'm1.tiny', '--image', 'golden', '--wait')).status).toBe('ACTIVE')
  })

  it('rebuilds from the snapshot, keeping the id', async () => {
    const before = await show()
    await ok('server', 'rebuild', 'vm', '--image', 'golden', '--wait')
    expect(await show()).toMatchObject({ id: before.id, status: 'ACTIVE', image: { name: 'golden' } })
  })

  it('rescues and unrescues', async () => {
    await ok('rescue', 'vm', '--wait')
    expect((await show()).status).toBe('RESCUE')
    const pause = await cli.run('server', 'pause', 'vm')
    expect(pause.code).toBe(1)
    expect(pause.stderr).toContain('while it is RESCUE')
    await ok('server', 'unrescue', 'vm', '--wait')
    expect((await show()).status).toBe('ACTIVE')
  })

  it('resizes to the other host and confirms (nova resize / resize-confirm)', async () => {
    const r = await ok('resize', 'vm', '--flavor', 'm1.small', '--wait')
    expect(r.stdout).toContain('vm: VERIFY_RESIZE')
    expect(await show()).toMatchObject({ status: 'VERIFY_RESIZE', host: 'sim2', flavor: { name: 'm1.small' } })
    await ok('resize-confirm', 'vm', '--wait')
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: 'sim2' })
  })

  it('migrates to a named host and reverts', async () => {
    await ok('server', 'migrate', 'vm', '--host', 'sim1', '--wait')
    expect(await show()).toMatchObject({ status: 'VERIFY_RESIZE', host: 'sim1' })
    await ok('server', 'resize', 'revert', 'vm', '--wait')
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: 'sim2', flavor: { name: 'm1.small' } })
    const same = await cli.run('server', 'migrate', 'vm', '--host', 'sim2')
    expect(same.code).toBe(1)
    expect(same.stderr).toContain('already on sim2')
  })

  it('shelves and unshelves, scheduling anew: the host forced at create (sim1) is not forced again', async () => {
    await ok('shelve', 'vm', '--wait')
    expect(await show()).toMatchObject({ status: 'SHELVED_OFFLOADED', host: null })
    await ok('compute', 'service', 'set', 'sim1', '--disable')
    await ok('server', 'unshelve', 'vm', '--wait')
    await ok('compute', 'service', 'set', 'sim1', '--enable')
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: 'sim2' })
  })

  it('lists every action in the event list, newest first', async () => {
    const events = await cli.json<ActionView[]>('instance-action-list', 'vm')
    expect(events.map((e) => e.action)).toEqual(['unshelve', 'shelve', 'revertResize', 'migrate', 'confirmResize', 'resize', 'unrescue', 'rescue', 'rebuild', 'createImage', 'create'])
    expect(events.every((e) => e.result === 'Success')).toBe(true)
  })
})
