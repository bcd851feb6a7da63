// Every power action through the CLI on a real libvirt host, each checked with
// virsh on the host itself (OpenSSH, not homenova's SSH). Prints what each
// action cost: the whole command's wall time.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'


describe('server actions on a real libvirt host', () => {
  const cli = new CliHome()
  let host: RealHost
  let server: ServerView
  const virsh = (...args: string[]) => onHost(host, `virsh -q -c qemu:///session ${args.join(' ')}`).trim()
  const timings: string[] = []

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[1] // the other e2e file boots its first guests on hosts[0] as well; spread the load
    expect((await cli.run('host', 'add', host.name, ...hostArgs(host))).code).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', image)).code).toBe(0)
    expect((await cli.run('config', 'set', 'shutdown_timeout', '20')).code).toBe(0)
    server = await cli.json<ServerView>('server', 'create', 'life', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    // A guest that has not finished booting ignores the power button; a real operator's would too.
    await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'life')).stdout.includes('homenova-guest: acpid'), 120_000, 500)
  })

  // Eight actions, each a whole CLI command against a TCG guest, while other e2e files run too.
  it('stops, starts, pauses, unpauses, suspends, resumes and reboots, with the domain following each time', { timeout: 240_000 }, async () => {
    const managedSave = () => /Managed save:\s+yes/.test(virsh('dominfo', server.instance_name))
    const steps: Array<[string[], string, string, boolean]> = [
      [['stop'], 'SHUTOFF', 'shut off', false],
      [['start'], 'ACTIVE', 'running', false],
      [['pause'], 'PAUSED', 'paused', false],
      [['unpause'], 'ACTIVE', 'running', false],
      [['suspend'], 'SUSPENDED', 'shut off', true],
      [['resume'], 'ACTIVE', 'running', false],
      [['reboot', '--soft'], 'ACTIVE', 'running', false],
      [['reboot', '--hard'], 'ACTIVE', 'running', false],
    ]
    for (const [verb, status, domstate, saved] of steps) {
      const started = Date.now()
      const r = await cli.run('server', ...verb, 'life', '--wait')
      timings.push(`${verb.join(' ')}: ${((Date.now() - started) / 1000).toFixed(2)} s (${r.stdout.split('\n').find((l) => l.includes('life:') && l.includes(' on ')) ?? ''})`)
      expect(r.code, `${verb.join(' ')}: ${r.stderr}`).toBe(0)
      expect((await cli.json<ServerView>('server', 'show', 'life')).status).toBe(status)
      expect(virsh('domstate', server.instance_name)).toBe(domstate)
      expect(managedSave()).toBe(saved)
    }
    console.log(`server actions on ${host.name} (whole CLI command, wall time):\n  ${timings.join('\n  ')}`)
  })

  it('deletes and leaves no domain, managed save or files', async () => {
    expect((await cli.run('server', 'delete', 'life', '--wait')).code).toBe(0)
    expect(virsh('list', '--all', '--name').split('\n')).not.toContain(server.instance_name)
    expect(onHost(host, `ls -A ${host.instancesDir}/instances`).split('\n')).not.toContain(server.id)
  })
})
