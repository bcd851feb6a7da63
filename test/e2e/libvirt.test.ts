// The walking skeleton on real hosts: two sshd + libvirt (qemu:///session) hosts
// on loopback, a tiny bootable image, and the CLI as a user runs it. Boots a
// server on each host, reads the guest's serial output, deletes, and checks on
// the hosts themselves that nothing is left.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, STATE_DIR, type RealHost } from './real-hosts.js'

const hostArgs = (h: RealHost) => ['--address', h.address, '--port', String(h.port), '--user', h.user, '--identity', h.identity, '--uri', h.uri, '--virt-type', h.virtType]

describe('real libvirt hosts over SSH', () => {
  let hosts: RealHost[]
  let image: string
  const cli = new CliHome()
  const servers: ServerView[] = []

  beforeAll(async () => {
    ;({ hosts, image } = realHosts())
    hosts = hosts.slice(0, 2) // this describe expects a server on each of its hosts
    // No clean-up of other domains here: e2e files run in parallel on these hosts, and
    // each checks only the domains it made.
  })

  it('adds each host, recording its key fingerprint and probing libvirt', async () => {
    for (const h of hosts) {
      const r = await cli.run('host', 'add', h.name, ...hostArgs(h), '--json')
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toMatch(/Recorded the host key of .* \(SHA256:[A-Za-z0-9+/]{43}\)/)
      const view = JSON.parse(r.stdout) as HostView
      expect(view).toMatchObject({ name: h.name, status: 'up', driver: 'libvirt', instances_dir: h.instancesDir })
      expect(view.resources.VCPU.total).toBeGreaterThan(0)
      expect(view.facts).toMatchObject({ qemuImg: true, arch: 'x86_64' })
    }
    const imported = await cli.run('image', 'create', 'tiny', '--file', image)
    expect(imported.code, imported.stderr).toBe(0)
  })

  it('boots a server on each host and reads the guest serial output', async () => {
    for (const name of ['vm1', 'vm2']) {
      const r = await cli.run('server', 'create', name, '--flavor', 'm1.tiny', '--image', 'tiny', '--wait', '--json')
      expect(r.code, r.stderr + r.stdout).toBe(0)
      servers.push(JSON.parse(r.stdout) as ServerView)
    }
    expect(servers.map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE'])
    expect(new Set(servers.map((s) => s.host))).toEqual(new Set(hosts.map((h) => h.name)))
    for (const s of servers) {
      const log = await waitFor(`${s.name} serial output`, async () => {
        const r = await cli.run('console', 'log', s.name)
        return r.code === 0 && r.stdout.includes('homenova-guest: booted') && r.stdout
      }, 120_000, 1000)
      expect(log).toContain('homenova-guest: booted')
      const host = hosts.find((h) => h.name === s.host)!
      expect(onHost(host, 'virsh -q -c qemu:///session domstate ' + s.instance_name).trim()).toBe('running')
    }
  })

  it('boots again from the cached base image', async () => {
    const r = await cli.run('server', 'create', 'vm3', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/image cached on e2e\d/)
    servers.push(await cli.json<ServerView>('server', 'show', 'vm3'))
  })

  it('deletes every server and leaves no domain and no instance files on the hosts', async () => {
    for (const s of servers) expect((await cli.run('server', 'delete', s.name, '--wait')).code).toBe(0)
    expect(await cli.json<ServerView[]>('server', 'list')).toEqual([])
    // Checked on the hosts themselves, for exactly the servers this test made.
    for (const h of hosts) {
      const domains = onHost(h, 'virsh -q -c qemu:///session list --all --name').split('\n')
      const files = onHost(h, `ls -A ${h.instancesDir}/instances`).split('\n')
      for (const s of servers) {
        expect(domains).not.toContain(s.instance_name)
        expect(files).not.toContain(s.id)
      }
    }
    for (const hv of await cli.json<HostView[]>('host', 'list')) expect(hv.resources.MEMORY_MB.used).toBe(0)
  })

  it('refuses a host whose key changed, showing both fingerprints, and records nothing', async () => {
    const other = new CliHome()
    const h = hosts[0]
    const fakeKey = join(other.home, 'impostor')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', fakeKey])
    const [type, blob] = execFileSync('cat', [`${fakeKey}.pub`], { encoding: 'utf8' }).split(' ')
    writeFileSync(join(other.home, 'known_hosts'), `[${h.address}]:${h.port} ${type} ${blob}\n`)
    const r = await other.run('host', 'add', h.name, ...hostArgs(h))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/SSH host key of \[127\.0\.0\.1\]:\d+ has changed: known SHA256:\S+, presented SHA256:\S+/)
    expect(other.stateBytes()).toBe('')
  })
})

describe('the local machine through execa (host add --local, qemu:///system)', () => {
  const cli = new CliHome()

  beforeAll(() => {
    realHosts() // starts the system libvirtd too
  })

  it('boots, reads the console and deletes without SSH, leaving nothing in /var/lib/homenova', async () => {
    const add = await cli.run('host', 'add', 'here', '--local', '--uri', 'qemu:///system', '--virt-type', 'qemu', '--json')
    expect(add.code, add.stderr).toBe(0)
    expect(JSON.parse(add.stdout)).toMatchObject({ connection: 'local', instances_dir: '/var/lib/homenova', status: 'up' })
    expect((await cli.run('image', 'create', 'tiny', '--file', join(STATE_DIR, 'guest.qcow2'))).code).toBe(0)
    const created = await cli.run('server', 'create', 'local1', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait', '--json')
    expect(created.code, created.stderr).toBe(0)
    const server = JSON.parse(created.stdout) as ServerView
    expect(server).toMatchObject({ status: 'ACTIVE', host: 'here' })
    const log = await waitFor('local serial output', async () => {
      const r = await cli.run('console', 'log', 'local1')
      return r.code === 0 && r.stdout.includes('homenova-guest: booted') && r.stdout
    }, 120_000, 1000)
    expect(log).toContain('homenova-guest: booted')
    expect((await cli.run('server', 'delete', 'local1', '--wait')).code).toBe(0)
    const domains = execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'list', '--all', '--name'], { encoding: 'utf8', timeout: 60_000 }).split('\n')
    expect(domains).not.toContain(server.instance_name)
    expect(existsSync(`/var/lib/homenova/instances/${server.id}`)).toBe(false)
  })
})

describe('work killed mid-way on a real host', () => {
  const cli = new CliHome()
  let h: RealHost

  beforeAll(async () => {
    ;[h] = realHosts().hosts
    expect((await cli.run('host', 'add', h.name, ...hostArgs(h))).code).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', join(STATE_DIR, 'guest.qcow2'))).code).toBe(0)
  })

  it('a build killed mid-spawn ends ERROR at the next conductor (Nova _init_instance), and the host is cleaned', async () => {
    const child = cli.spawn('server', 'create', 'phoenix', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await waitFor('spawning', () => /"taskState": "spawning"/.test(cli.stateBytes()), 60_000, 10)
    child.kill('SIGKILL')
    await child
    const drain = await cli.run('conductor', '--drain')
    expect(drain.code, drain.stderr).toBe(0)
    const server = await cli.json<ServerView>('server', 'show', 'phoenix')
    expect(server).toMatchObject({ status: 'ERROR', host: null })
    expect(cli.state().tasks.find((t) => t.kind === 'build')).toMatchObject({ status: 'failed', takeovers: 1 })
    expect(onHost(h, 'virsh -q -c qemu:///session list --all --name').split('\n')).not.toContain(server.instance_name)
    expect(onHost(h, `ls -A ${h.instancesDir}/instances`).split('\n')).not.toContain(server.id)
    expect(cli.state().allocations).toEqual([])
    expect((await cli.run('server', 'delete', 'phoenix', '--wait')).code).toBe(0)
  })

  it('a stop and a soft reboot killed mid-way are finished by the next conductor (the reboot as a hard one)', { timeout: 180_000 }, async () => {
    expect((await cli.run('config', 'set', 'shutdown_timeout', '30')).code).toBe(0)
    const created = await cli.json<ServerView>('server', 'create', 'lazarus', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    const domstate = () => onHost(h, `virsh -q -c qemu:///session domstate ${created.instance_name}`).trim()
    for (const [verb, taskState, status, domain] of [
      ['stop', 'powering-off', 'SHUTOFF', 'shut off'],
      ['start', 'powering-on', 'ACTIVE', 'running'],
      ['reboot', 'rebooting', 'ACTIVE', 'running'],
    ] as const) {
      const child = cli.spawn('server', verb, 'lazarus', '--wait')
      await waitFor(taskState, () => cli.stateBytes().includes(`"taskState": "${taskState}"`) && cli.state().tasks.some((t) => t.kind === verb && t.status === 'running'), 30_000, 10)
      child.kill('SIGKILL')
      await child
      const drain = await cli.run('conductor', '--drain')
      expect(drain.code, drain.stderr).toBe(0)
      expect(await cli.json<ServerView>('server', 'show', 'lazarus')).toMatchObject({ status, task_state: null })
      expect(domstate()).toBe(domain)
    }
    expect(cli.state().tasks.find((t) => t.kind === 'reboot')).toMatchObject({ status: 'succeeded', rebootType: 'hard', takeovers: 1 })
    expect((await cli.run('server', 'delete', 'lazarus', '--wait')).code).toBe(0)
    expect(onHost(h, 'virsh -q -c qemu:///session list --all --name').split('\n')).not.toContain(created.instance_name)
  })
})
