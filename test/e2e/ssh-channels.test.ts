// Many concurrent commands over one SshTransport against a real OpenSSH sshd
// with its default MaxSessions (10): the transport keeps at most 8 channels
// open, queues the rest and retries an open refused while sshd frees a slot,
// where an unlimited burst gets "open failed".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KnownHosts } from '../../src/hypervisor/ssh/known-hosts.js'
import { MAX_CHANNELS, SshTransport, type SshTarget } from '../../src/hypervisor/ssh/ssh-transport.js'
import { OwnSshd } from './own-sshd.js'
import { realHosts } from './real-hosts.js'

describe('SshTransport against sshd with the default MaxSessions', () => {
  let sshd: OwnSshd
  let target: SshTarget
  let knownHosts: KnownHosts
  const burst = (t: SshTransport, n: number) =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => t.exec(['sh', '-c', 'sleep 0.3; echo "$0"', String(i)])))

  beforeAll(async () => {
    // The real hosts' user and client key; a separate sshd of our own with no MaxSessions line.
    const [host] = realHosts().hosts
    sshd = await OwnSshd.start(host.user)
    target = { address: '127.0.0.1', port: sshd.port, user: host.user, identity: host.identity }
    knownHosts = new KnownHosts(sshd.knownHosts)
  })

  afterAll(async () => {
    await sshd?.remove()
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
