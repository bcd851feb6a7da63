// A host whose sshd has no SFTP subsystem (no `Subsystem sftp` line, as some
// hosts in the wild) still receives and gives back files: SshTransport falls
// back to `cat` over exec channels for that connection, and says so in its
// debug lines. Against an sshd with SFTP the same code keeps using SFTP. Both
// sshds are this test's own, for the first real host's user.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import { commandLine } from '../../src/hypervisor/quote.js'
import { KnownHosts } from '../../src/hypervisor/ssh/known-hosts.js'
import { SshTransport } from '../../src/hypervisor/ssh/ssh-transport.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { OwnSshd } from './own-sshd.js'
import { onHost, realHosts, type RealHost } from './real-hosts.js'

const MB = 1024 ** 2

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

describe('a host whose sshd has no SFTP subsystem', () => {
  const local = mkdtempSync(join(tmpdir(), 'homenova-no-sftp-'))
  const image = join(local, 'random.img')
  // A name the remote shell would split or unquote if it ever saw it unquoted.
  const remoteDir = `/tmp/homenova-no-sftp-${randomBytes(4).toString('hex')}`
  const remote = `${remoteDir}/it's a "disk" $HOME.img`
  let host: RealHost
  let bare: OwnSshd
  let full: OwnSshd
  let imageSum: string
  const seconds: Record<string, number> = {}

  const transport = (sshd: OwnSshd, lines: string[]) =>
    new SshTransport({ address: '127.0.0.1', port: sshd.port, user: host.user, identity: host.identity }, new KnownHosts(sshd.knownHosts), undefined, {
      log: (line) => lines.push(line),
    })
  // Checked with OpenSSH through the shared sshd, independent of homenova's own SSH code.
  const onHostArgv = (...argv: string[]) => onHost(host, commandLine(argv))

  beforeAll(async () => {
    host = realHosts().hosts[0]
    bare = await OwnSshd.start(host.user, [], { sftp: false })
    full = await OwnSshd.start(host.user)
    writeFileSync(image, randomBytes(20 * MB))
    imageSum = await sha256(image)
    onHostArgv('mkdir', '-p', remoteDir)
  })

  afterAll(async () => {
    if (host) onHostArgv('rm', '-rf', remoteDir)
    await bare?.remove()
    await full?.remove()
    rmSync(local, { recursive: true, force: true })
    if (Object.keys(seconds).length > 0) console.log(`20 MiB upload: ${JSON.stringify(seconds)}`)
  })

  it('uploads 20 MiB to a path with spaces and quotes, downloads it back and writes a file, all over exec', async () => {
    const lines: string[] = []
    const t = transport(bare, lines)
    try {
      const started = performance.now()
      await t.upload(image, remote)
      seconds.exec = (performance.now() - started) / 1000
      expect(onHostArgv('sha256sum', remote).split(/\s+/)[0]).toBe(imageSum)

      const back = join(local, 'back.img')
      await t.download(remote, back)
      expect(readFileSync(back).equals(readFileSync(image))).toBe(true)

      const text = 'a small file: ünïcödé, \'quotes\' and "more"\n'
      await t.writeFile(`${remoteDir}/note's.txt`, text)
      expect(onHostArgv('cat', `${remoteDir}/note's.txt`)).toBe(text)

      // SFTP was asked once; every transfer said which way it went.
      expect(lines.filter((l) => l.includes('no SFTP subsystem'))).toHaveLength(1)
      expect(lines[0]).toMatch(/no SFTP subsystem \(Unable to start subsystem: sftp\); files go over exec channels/)
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(/^ssh hnhost\d@127\.0\.0\.1:\d+: upload .* over exec \(cat\): 20\.0 MiB in [\d.]+ s$/),
        expect.stringMatching(/: download .* over exec \(cat\): 20\.0 MiB in /),
        expect.stringMatching(/: write .*note's\.txt over exec \(cat\): \d+ B in /),
      ])
    } finally {
      await t.close()
    }
  })

  it('a failing transfer throws with the host, path and remote error and leaves no partial file', async () => {
    const t = transport(bare, [])
    try {
      const missing = `${remoteDir}/no such dir/disk.part`
      await expect(t.upload(image, missing)).rejects.toThrow(
        new RegExp(`^Cannot write ${remoteDir}/no such dir/disk\\.part on ${host.user}@127\\.0\\.0\\.1:${bare.port} \\(over exec, no SFTP\\): exit \\d+: .*(Directory nonexistent|No such file)`),
      )
      // A local read that fails after cat has created the remote file: that file is removed.
      const unreadable = join(local, 'a-directory')
      mkdirSync(unreadable)
      const partial = `${remoteDir}/half written.part`
      await expect(t.upload(unreadable, partial)).rejects.toThrow(/EISDIR/)
      expect(onHostArgv('sh', '-c', 'ls -A "$1"', 'sh', remoteDir).split('\n')).not.toContain('half written.part')
      // A failed download leaves no local file behind.
      const target = join(local, 'never.img')
      await expect(t.download(`${remoteDir}/absent`, target)).rejects.toThrow(/Cannot download .*absent from .*: exit 1: .*No such file/)
      expect(existsSync(target)).toBe(false)
      // The connection is still good after all that.
      expect((await t.exec(['echo', 'still here'])).stdout).toBe('still here\n')
    } finally {
      await t.close()
    }
  })

  it('the channel sshd kept open for the refused SFTP request keeps its permit, so a burst never exceeds MaxSessions', async () => {
    // Allowed 10 channels (sshd's MaxSessions): were that channel's permit given back, the 10th
    // command would be refused for longer than the retries last (about 1.6 s) while 9 others sleep.
    const t = new SshTransport({ address: '127.0.0.1', port: bare.port, user: host.user, identity: host.identity }, new KnownHosts(bare.knownHosts), undefined, { maxChannels: 10 })
    try {
      await t.writeFile(`${remoteDir}/burst.txt`, 'x')
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.exec(['sleep', '2.5'])))
      expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    } finally {
      await t.close()
    }
  })

  it('against an sshd with SFTP the same transport uses SFTP', async () => {
    const lines: string[] = []
    const t = transport(full, lines)
    const path = `${remoteDir}/over sftp.img`
    try {
      const started = performance.now()
      await t.upload(image, path)
      seconds.sftp = (performance.now() - started) / 1000
      expect(onHostArgv('sha256sum', path).split(/\s+/)[0]).toBe(imageSum)
      expect(lines).toEqual([expect.stringMatching(/: upload .* over SFTP: 20\.0 MiB in /)])
    } finally {
      await t.close()
    }
  })

  it('through the CLI: host add, image create and server create --wait work, the debug output says exec', async () => {
    const cli = new CliHome()
    // Its own instances dir, so the image is really uploaded rather than found in another test's cache.
    const instancesDir = `${remoteDir}/instances`
    const add = await cli.run('host', 'add', 'bare', '--address', '127.0.0.1', '--port', String(bare.port), '--user', host.user, '--identity', host.identity, '--uri', host.uri, '--virt-type', host.virtType, '--instances-dir', instancesDir)
    expect(add.code, add.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', realHosts().image)).code).toBe(0)
    const create = await cli.run('server', 'create', 'nosftp', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait', '--debug')
    expect(create.code, create.stderr).toBe(0)
    expect(create.stderr).toMatch(/^debug: ssh .*: no SFTP subsystem/m)
    expect(create.stderr).toMatch(/^debug: ssh .*: upload .*\/_base\/[0-9a-f]{64}\.[0-9a-f]+\.part over exec \(cat\)/m)
    expect(create.stderr).toMatch(/^debug: ssh .*: write .*domain\.xml over exec \(cat\)/m)
    expect(create.stderr).not.toMatch(/over SFTP/)
    const server = await cli.json<ServerView>('server', 'show', 'nosftp')
    expect(server.status).toBe('ACTIVE')
    await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'nosftp')).stdout.includes('homenova-guest: booted'), 120_000, 500)
    // Without --debug, nothing of the kind.
    const list = await cli.run('server', 'list', '--refresh')
    expect(list.stderr).not.toMatch(/debug:/)
    expect((await cli.run('server', 'delete', 'nosftp', '--wait')).code).toBe(0)
  }, 240_000)
})
