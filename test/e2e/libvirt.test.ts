// The walking skeleton on real hosts: two sshd + libvirt (qemu:///session) hosts
// on loopback, a tiny bootable image, and the CLI as a user runs it. Boots a
// server on each host (one with a key, user data and properties, which the guest
// reads from its config drive), reads the guest's serial output, deletes, and
// checks on the hosts themselves that nothing is left.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import { execa } from 'execa'
import { BIN, CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, STATE_DIR, type RealHost, hostArgs } from './real-hosts.js'


describe('real libvirt hosts over SSH', () => {
  let hosts: RealHost[]
  let image: string
  const cli = new CliHome()
  const servers: ServerView[] = []
  let publicKey = ''
  const userData = Buffer.concat([Buffer.from('#cloud-config\nruncmd: [echo hi]\n'), Buffer.from([0, 13, 10, 255, 128, 1])])
  const userDataFile = join(cli.home, 'user-data')

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
    // A keypair made by ssh-keygen, imported; user data with bytes a text path would mangle.
    const keyFile = join(cli.home, 'k1')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@homenova', '-f', keyFile])
    publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim()
    expect((await cli.run('keypair', 'create', 'k1', '--public-key', `${keyFile}.pub`)).code).toBe(0)
    // And one homenova makes, remembering where it wrote the private key.
    expect((await cli.run('keypair', 'create', 'gen', '--private-key', join(cli.home, 'gen.pem'))).code).toBe(0)
    writeFileSync(userDataFile, userData)
  })

  it('boots a server on each host and reads the guest serial output', async () => {
    for (const name of ['vm1', 'vm2']) {
      const guest = name === 'vm1' ? ['--key-name', 'k1', '--user-data', userDataFile, '--property', 'role=web', '--property', 'note=two words', '--file', `/etc/motd=${userDataFile}`] : ['--key-name', 'gen']
      const r = await cli.run('server', 'create', name, '--flavor', 'm1.tiny', '--image', 'tiny', ...guest, '--wait', '--json')
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

  it('gives the guest its config drive: uuid, hostname, public key, properties and user data byte for byte', async () => {
    const vm1 = servers.find((s) => s.name === 'vm1')!
    // The test guest prints the drive's meta_data.json and its user_data (base64) on its serial console.
    const log: string = await waitFor('vm1 to read its config drive', async () => {
      const r = await cli.run('console', 'log', 'vm1')
      return r.stdout.includes('homenova-guest: ready') ? r.stdout.replace(/\r/g, '') : undefined
    }, 120_000, 1000)
    const between = (begin: string, end: string) => log.slice(log.indexOf(`${begin}\n`) + begin.length + 1, log.indexOf(`\n${end}`))
    const meta = JSON.parse(between('homenova-metadata-begin', 'homenova-metadata-end')) as Record<string, unknown>
    // Nova's FQDN: the hostname and dhcp_domain (default novalocal).
    expect(meta).toMatchObject({ uuid: vm1.id, name: 'vm1', hostname: 'vm1.novalocal', public_keys: { k1: publicKey }, meta: { role: 'web', note: 'two words' }, launch_index: 0, files: [{ path: '/etc/motd', content_path: '/content/0000' }] })
    expect(Buffer.from(between('homenova-userdata-begin', 'homenova-userdata-end').replace(/\s/g, ''), 'base64').equals(userData)).toBe(true)
    // Read-only on the host, as Nova attaches it.
    const host = hosts.find((h) => h.name === vm1.host)!
    const xml = onHost(host, `virsh -q -c qemu:///session dumpxml ${vm1.instance_name}`)
    expect(xml).toMatch(/<disk type=.file. device=.cdrom.>[^]*?disk\.config[^]*?<readonly\/>/)
    const vm2 = servers.find((s) => s.name === 'vm2')!
    expect(vm2).toMatchObject({ key_name: 'gen', config_drive: true, hostname: 'vm2' })
  })

  it('logs into guests through their hosts with server ssh: commands, exit status, stdin, host key recorded once', { timeout: 240_000 }, async () => {
    for (const name of ['vm1', 'vm2']) {
      const ready = async () => (await cli.run('console', 'log', name)).stdout
      await waitFor(`${name}'s SSH server`, async () => (await ready()).includes('homenova-guest: sshd'), 150_000, 1000).catch(async (err: Error) => {
        throw new Error(`${err.message}; its console log ends:\n${(await ready()).split('\n').slice(-8).join('\n')}`)
      })
    }
    const keyFile = join(cli.home, 'k1')
    let started = Date.now()
    const first = await cli.run('server', 'ssh', 'vm1', '--identity', keyFile, '--', 'cat', '/proc/version')
    console.log(`server ssh (first, host key recorded): ${((Date.now() - started) / 1000).toFixed(2)} s`)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^Linux version \S+-cloud-amd64/)
    expect(first.stderr).toMatch(/Recorded the host key of server vm1 \(SHA256:\S+\)/)
    started = Date.now()
    const again = await cli.run('server', 'ssh', 'vm1', '--identity', keyFile, '--', 'hostname')
    console.log(`server ssh (again): ${((Date.now() - started) / 1000).toFixed(2)} s`)
    // The test guest takes the metadata's hostname whole (cloud-init would keep the first label).
    expect(again).toMatchObject({ code: 0, stderr: '', stdout: 'vm1.novalocal' })
    // The personality file, where the guest's drive holds it (meta_data.json lists /etc/motd at /content/0000).
    const motd = await cli.run('server', 'ssh', 'vm1', '--identity', keyFile, '--', 'base64', '/mnt/config/openstack/content/0000')
    expect(Buffer.from(motd.stdout.replace(/\s/g, ''), 'base64').equals(userData)).toBe(true)
    // vm2's key was made by homenova: no --identity needed. Arguments arrive as given; the exit status comes back.
    const status = await cli.run('server', 'ssh', 'vm2', '--', 'sh', '-c', 'echo "$1 $((6 * 7))"; exit 3', 'sh', 'two words')
    expect(status).toMatchObject({ code: 3, stdout: 'two words 42' })
    expect(await cli.runWithInput('piped in\n', 'server', 'ssh', 'vm2', '--', 'cat')).toMatchObject({ code: 0, stdout: 'piped in' })
    // vm1's key was imported: homenova has no private half of it.
    const noKey = await cli.run('server', 'ssh', 'vm1', '--', 'true')
    expect(noKey.code).toBe(1)
    expect(noKey.stderr).toMatch(/homenova has no private key for server vm1 \(keypair k1\)/)
  })

  it('attaches to the serial console through a pseudo-terminal: types, reads the answer, refuses a second session, detaches; --snapshot shows the screen', { timeout: 180_000 }, async () => {
    // util-linux's script gives the CLI a pseudo-terminal, as a user's terminal would.
    const attach = (...extra: string[]) => {
      const child = execa('script', ['-qfec', `node ${BIN} console serial vm1 ${extra.join(' ')}`, '/dev/null'], { env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production' }, reject: false })
      const seen = { out: '' }
      child.stdout!.on('data', (d: Buffer) => (seen.out += d.toString()))
      return { child, seen }
    }
    const a = attach()
    await waitFor('the console to connect', () => a.seen.out.includes('Connected to the serial console of vm1'), 60_000)
    a.child.stdin!.write('echo hn-$((6 * 7))\r')
    await waitFor('the guest shell to answer', () => a.seen.out.includes('hn-42'), 60_000)
    // A second session is refused while this one holds the console; --force takes it and cuts this one off.
    const second = await cli.run('console', 'serial', 'vm1')
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/Another session holds the serial console/)
    const b = attach('--force')
    await waitFor('the forced session', () => b.seen.out.includes('Connected to the serial console of vm1'), 60_000)
    expect((await a.child).exitCode).toBe(1)
    expect(a.seen.out).toContain('The serial console of vm1 closed')
    b.child.stdin!.write('\x1d') // Ctrl-]
    expect((await b.child).exitCode).toBe(0)
    expect(b.seen.out).toContain('Detached from the serial console of vm1')
    const snapshot = await cli.run('console', 'serial', 'vm1', '--snapshot')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    expect(snapshot.stdout).toContain('hn-42')
  })

  it('follows the console log until interrupted', { timeout: 120_000 }, async () => {
    const follow = cli.spawn('console', 'log', 'vm1', '--follow', '--lines', '3')
    let out = ''
    follow.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    await waitFor('the last lines', () => out.split('\n').length >= 3, 30_000)
    const said = await cli.run('server', 'ssh', 'vm1', '--identity', join(cli.home, 'k1'), '--', 'sh', '-c', 'echo hn-follow-$((5 + 2)) > /dev/console')
    expect(said.code, said.stderr).toBe(0)
    await waitFor('the new line', () => out.includes('hn-follow-7'), 30_000)
    follow.kill('SIGINT')
    expect((await follow).exitCode).toBe(0)
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

  it('boots, reads and attaches to the console and deletes without SSH, leaving nothing in /var/lib/homenova', { timeout: 180_000 }, async () => {
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
    // The local transport's streams: the serial console on a pseudo-terminal from util-linux's script.
    const attached = execa('script', ['-qfec', `node ${BIN} console serial local1`, '/dev/null'], { env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production' }, reject: false })
    let screen = ''
    attached.stdout!.on('data', (d: Buffer) => (screen += d.toString()))
    await waitFor('the local console', () => screen.includes('Connected to the serial console of local1'), 60_000)
    attached.stdin!.write('echo local-$((40 + 2))\r')
    await waitFor('the local guest shell', () => screen.includes('local-42'), 60_000)
    attached.stdin!.write('\x1d')
    expect((await attached).exitCode).toBe(0)
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
    await waitFor('spawning', () => cli.hasTaskState('spawning'), 60_000, 10)
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
      await waitFor(taskState, () => cli.hasTaskState(taskState) && cli.state().tasks.some((t) => t.kind === verb && t.status === 'running'), 30_000, 10)
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
