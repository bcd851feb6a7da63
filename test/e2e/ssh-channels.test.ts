// Many concurrent commands over one SshTransport against a real OpenSSH sshd
// with its default MaxSessions (10): the transport keeps at most 8 channels
// open, queues the rest and retries an open refused while sshd frees a slot,
// where an unlimited burst gets "open failed".
import { spawn, type ChildProcess, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KnownHosts } from '../../src/hypervisor/ssh/known-hosts.js'
import { MAX_CHANNELS, SshTransport, type SshTarget } from '../../src/hypervisor/ssh/ssh-transport.js'
import { realHosts } from './real-hosts.js'

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true))).on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`sshd did not listen on ${port}`)
}

describe('SshTransport against sshd with the default MaxSessions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homenova-sshd-'))
  let sshd: ChildProcess
  let target: SshTarget
  let knownHosts: KnownHosts
  const burst = (t: SshTransport, n: number) =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => t.exec(['sh', '-c', 'sleep 0.3; echo "$0"', String(i)])))

  beforeAll(async () => {
    // The real hosts' user and client key; a separate sshd of our own with no MaxSessions line.
    const [host] = realHosts().hosts
    const port = await freePort()
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')])
    writeFileSync(
      join(dir, 'sshd_config'),
      [`Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`, `AllowUsers ${host.user}`,
        'UsePAM no', 'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'AuthorizedKeysFile .ssh/authorized_keys', 'Subsystem sftp internal-sftp', ''].join('\n'),
    )
    const [type, blob] = readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ')
    writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${type} ${blob}\n`)
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' })
    await listening(port)
    target = { address: '127.0.0.1', port, user: host.user, identity: host.identity }
    knownHosts = new KnownHosts(join(dir, 'known_hosts'))
  })

  afterAll(() => {
    sshd?.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  it(`runs a burst of 24 commands and an SFTP write at once, at most ${MAX_CHANNELS} channels open`, async () => {
    const t = new SshTransport(target, knownHosts)
    try {
      const started = performance.now()
      const [results] = await Promise.all([burst(t, 24), t.writeFile('/tmp/homenova-ssh-channels-test', 'x')])
      const failures = results.filter((r) => r.status === 'rejected')
      expect(failures).toEqual([])
      expect(results.map((r) => r.status === 'fulfilled' && r.value.stdout.trim())).toEqual(Array.from({ length: 24 }, (_, i) => String(i)))
      // 24 commands of 0.3 s through at most 8 channels take at least 3 rounds.
      expect(performance.now() - started).toBeGreaterThanOrEqual(900)
      expect((await t.exec(['cat', '/tmp/homenova-ssh-channels-test'])).stdout).toBe('x')
    } finally {
      await t.exec(['rm', '-f', '/tmp/homenova-ssh-channels-test'])
      await t.close()
    }
  })

  it('without the limit and the retries the same burst hits MaxSessions (what they are for)', async () => {
    const t = new SshTransport(target, knownHosts, undefined, { maxChannels: 24, openRetries: 0 })
    try {
      const results = await burst(t, 24)
      const reasons = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))
      expect(reasons.length).toBeGreaterThan(0)
      expect(reasons[0]).toMatch(/open failed/)
    } finally {
      await t.close()
    }
  })
})
