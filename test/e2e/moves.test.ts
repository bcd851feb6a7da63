// Snapshot, rescue, rebuild, resize, cold and live migration, shelve and a
// killed resize, through the CLI on two real libvirt hosts, each checked on the hosts
// with virsh over OpenSSH. Prints what each action cost (whole CLI command).
import { execFileSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'


// Each step is several whole CLI commands against TCG guests while other e2e files run too.
describe('moves and images on real libvirt hosts', { timeout: 180_000 }, () => {
  const cli = new CliHome()
  let hosts: RealHost[]
  let server: ServerView
  const timings: string[] = []
  const byName = (name: string | null) => hosts.find((h) => h.name === name)!
  const virsh = (h: RealHost, ...args: string[]) => onHost(h, `virsh -q -c qemu:///session ${args.join(' ')} 2>&1; true`).trim()
  const domains = (h: RealHost) => virsh(h, 'list', '--all', '--name').split('\n')
  const files = (h: RealHost) => onHost(h, `ls -A ${h.instancesDir}/instances`).split('\n')
  const show = () => cli.json<ServerView>('server', 'show', 'mover')
  async function timed(...args: string[]) {
    const started = Date.now()
    const r = await cli.run(...args, '--wait')
    timings.push(`${args.slice(1, -1).join(' ') || args[0]} ${args.at(-1)}: ${((Date.now() - started) / 1000).toFixed(2)} s`)
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r
  }
  // The guest prints this line once its ACPI handler runs (a graceful shutdown works from then on).
  const acpidLines = async (name: string) => (await cli.run('console', 'log', name)).stdout.split('homenova-guest: acpid').length - 1
  const booted = (name: string, seen = 0) => waitFor(`${name} to boot`, async () => (await acpidLines(name)) > seen, 120_000, 500)

  beforeAll(async () => {
    hosts = realHosts().hosts.slice(0, 2)
    for (const h of hosts) expect((await cli.run('host', 'add', h.name, ...hostArgs(h))).code).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', realHosts().image)).code).toBe(0)
    expect((await cli.run('config', 'set', 'shutdown_timeout', '10')).code).toBe(0)
    server = await cli.json<ServerView>('server', 'create', 'mover', '--flavor', 'm1.tiny', '--image', 'tiny', '--host', hosts[0].name, '--wait')
    await booted('mover')
  })

  it('snapshots a running server into an active standalone image that boots a new server', async () => {
    await timed('server', 'image', 'create', '--name', 'mover-snap', 'mover')
    const image = cli.state().images.find((i) => i.name === 'mover-snap')!
    expect(image).toMatchObject({ status: 'active', diskFormat: 'qcow2' })
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', image.file], { encoding: 'utf8' })) as { format: string; 'backing-filename'?: string }
    expect(info.format).toBe('qcow2')
    expect(info['backing-filename']).toBeUndefined()
    expect((await show()).status).toBe('ACTIVE')
    const clone = await cli.json<ServerView>('server', 'create', 'clone', '--flavor', 'm1.tiny', '--image', 'mover-snap', '--host', hosts[1].name, '--wait')
    await waitFor('clone to boot', async () => (await cli.run('console', 'log', 'clone')).stdout.includes('homenova-guest: booted'), 120_000, 500)
    expect((await cli.run('server', 'delete', 'clone', '--wait')).code).toBe(0)
    expect(domains(hosts[1])).not.toContain(clone.instance_name)
  })

  it('rescues with the rescue disk first and the own disk second, and unrescues', async () => {
    await timed('server', 'rescue', 'mover')
    expect((await show()).status).toBe('RESCUE')
    const xml = virsh(hosts[0], 'dumpxml', server.instance_name)
    // The first <source> of each <disk> (later ones belong to its backing chain), in device order.
    const sources = [...xml.matchAll(/<disk[^>]*>[\s\S]*?<source file='([^']+)'[\s\S]*?<\/disk>/g)].map((m) => m[1])
    expect(sources[0]).toMatch(/disk\.rescue$/)
    expect(sources[1]).toMatch(new RegExp(`${server.id}/disk$`))
    expect(virsh(hosts[0], 'domstate', server.instance_name)).toBe('running')
    await timed('server', 'unrescue', 'mover')
    expect((await show()).status).toBe('ACTIVE')
    expect(virsh(hosts[0], 'dumpxml', server.instance_name)).not.toContain('disk.rescue')
  })

  it('rebuilds on the same host with a fresh disk', async () => {
    await timed('server', 'rebuild', 'mover')
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: hosts[0].name, id: server.id })
    expect(virsh(hosts[0], 'domstate', server.instance_name)).toBe('running')
    await booted('mover')
  })

  it('resizes to the other host (VERIFY_RESIZE, old files kept), then confirms', async () => {
    await timed('server', 'resize', '--flavor', 'm1.small', 'mover')
    const resized = await show()
    expect(resized).toMatchObject({ status: 'VERIFY_RESIZE', host: hosts[1].name, flavor: { name: 'm1.small' } })
    expect(virsh(hosts[1], 'domstate', server.instance_name)).toBe('running')
    expect(virsh(hosts[1], 'dominfo', server.instance_name)).toMatch(/Max memory:\s+2097152 KiB/)
    expect(domains(hosts[0])).not.toContain(server.instance_name)
    expect(files(hosts[0])).toContain(`${server.id}_resize`)
    await timed('server', 'resize', 'confirm', 'mover')
    expect((await show()).status).toBe('ACTIVE')
    expect(files(hosts[0])).not.toContain(`${server.id}_resize`)
  })

  it('migrates back cold, then reverts: running where it was, nothing left on the other host', async () => {
    await booted('mover')
    await timed('server', 'migrate', 'mover')
    expect(await show()).toMatchObject({ status: 'VERIFY_RESIZE', host: hosts[0].name })
    expect(virsh(hosts[0], 'domstate', server.instance_name)).toBe('running')
    const seen = await acpidLines('mover') // the kept files come back with their console log
    await timed('server', 'resize', 'revert', 'mover')
    await booted('mover', seen)
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: hosts[1].name })
    expect(virsh(hosts[1], 'domstate', server.instance_name)).toBe('running')
    expect(domains(hosts[0])).not.toContain(server.instance_name)
    expect(files(hosts[0])).not.toContain(server.id)
  })

  it('live-migrates the running guest back: it goes on there (migrated, not booted), nothing left behind, claims moved', async () => {
    const r = await timed('server', 'migrate', 'mover', '--live-migration')
    expect(r.stdout).toMatch(new RegExp(`live-migrate ${hosts[1].name} -> ${hosts[0].name} in [\\d.]+ s`))
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: hosts[0].name, task_state: null })
    // libvirt says why the domain runs: it came in by migration, it was not started
    expect(virsh(hosts[0], 'domstate', '--reason', server.instance_name)).toBe('running (migrated)')
    expect(virsh(hosts[0], 'dumpxml', server.instance_name)).toContain(`${hosts[0].instancesDir}/instances/${server.id}/disk`)
    expect(domains(hosts[1])).not.toContain(server.instance_name)
    expect(files(hosts[1])).not.toContain(server.id)
    const claims = cli.state().allocations.filter((a) => a.consumerId.endsWith(server.id))
    expect(claims.map((a) => [a.consumerId, cli.state().hosts.find((h) => h.id === a.providerId)?.name])).toEqual([[server.id, hosts[0].name]])
    // the guest still answers: a soft reboot is a graceful shutdown it must handle, then a boot
    const seen = await acpidLines('mover')
    const reboot = await timed('server', 'reboot', 'mover')
    expect(reboot.stdout).toMatch(new RegExp(`soft on ${hosts[0].name}`))
    await booted('mover', seen)
  })

  it('shelves (no domain anywhere, host freed) and unshelves (scheduled again, snapshot deleted)', async () => {
    await timed('server', 'shelve', 'mover')
    expect(await show()).toMatchObject({ status: 'SHELVED_OFFLOADED', host: null })
    for (const h of hosts) expect(domains(h)).not.toContain(server.instance_name)
    await timed('server', 'unshelve', 'mover')
    const back = await show()
    expect(back.status).toBe('ACTIVE')
    expect(virsh(byName(back.host), 'domstate', server.instance_name)).toBe('running')
    expect(cli.state().images.find((i) => i.name === 'mover-shelved')).toBeUndefined()
  })

  it('rolls back a resize killed after the source set its files aside', async () => {
    await booted('mover')
    const source = byName((await show()).host)
    const child = cli.spawn('server', 'resize', '--flavor', 'm1.medium', 'mover', '--wait')
    await waitFor('resize_migrated', () => cli.hasTaskState('resize_migrated'), 60_000, 10)
    child.kill('SIGKILL')
    await child
    const drain = await cli.run('conductor', '--drain')
    expect(drain.code, drain.stderr).toBe(0)
    expect(await show()).toMatchObject({ status: 'ACTIVE', host: source.name, flavor: { name: 'm1.small' }, task_state: null })
    expect(virsh(source, 'domstate', server.instance_name)).toBe('running')
    expect(files(source)).not.toContain(`${server.id}_resize`)
    for (const h of hosts.filter((x) => x !== source)) expect(domains(h)).not.toContain(server.instance_name)
  })

  it('deletes and leaves nothing on either host', async () => {
    expect((await cli.run('server', 'delete', 'mover', '--wait')).code).toBe(0)
    for (const h of hosts) {
      expect(domains(h)).not.toContain(server.instance_name)
      expect(files(h).filter((f) => f.startsWith(server.id))).toEqual([])
    }
    expect(cli.state().allocations).toEqual([])
    console.log(`moves on real hosts (whole CLI command, wall time):\n  ${timings.join('\n  ')}`)
  })
})
