// The CLI's conventions around the commands: typos get suggestions, usage
// errors are one line (one small JSON object under --json), repeatable flags
// leave the name last as openstack users write it.
import { describe, expect, it } from 'vitest'
import { CliHome, fakeCluster } from '../helpers/cli.js'

describe('CLI conventions', () => {
  it('suggests the nearest commands for a typo, with spaces, and exits non-zero', async () => {
    const cli = new CliHome()
    const r = await cli.run('server', 'lsit')
    expect(r.code).toBe(127)
    expect(r.stderr).toContain('Error: server lsit is not a homenova command')
    expect(r.stderr).toMatch(/Hint: Did you mean server list\b/)
    const stop = await cli.run('server', 'stp', 'vm1', '--json')
    expect(JSON.parse(stop.stdout).error.hint).toMatch(/^Did you mean server stop\b/)
    expect(stop.stdout + stop.stderr).not.toContain('server:')
  })

  it('prints a usage error under --json as one small error object, and plainly without it', async () => {
    const cli = new CliHome()
    const r = await cli.run('server', 'list', '--bogus', '--json')
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: 'Nonexistent flag: --bogus', hint: 'See `homenova server list --help`.' } })
    const missing = await cli.run('server', 'create', '--flavor', 'm1.tiny', '--image', 'tiny')
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Error: Missing 1 required arg: name /), 'Hint: See `homenova server create --help`.'])
  })

  it('describes each topic, the nested ones too, in help', async () => {
    const cli = new CliHome()
    expect((await cli.run('help', 'server', 'group')).stdout.split('\n')[0]).toBe('Server groups: affinity and anti-affinity policies')
    expect((await cli.run('server', '--help')).stdout).toMatch(/^ {2}server resize +Resize a server, then confirm or revert$/m)
  })

  it('prints every kind of usage error under -f json as the same small error object', async () => {
    const cli = new CliHome()
    const cases: Array<[string[], RegExp, number]> = [
      [['server', 'lsit', '-f', 'json'], /^server lsit is not a homenova command$/, 127],
      [['flavor', 'create', 'x', '--vcpus', 'many', '--ram', '256', '-f', 'json'], /^Parsing --vcpus\b.*many/, 2],
      [['flavor', 'show', '-f', 'json'], /^Missing 1 required arg: flavor\b/, 2],
      [['flavor', 'list', '-f', 'json', '--sort-column'], /^Flag --sort-column expects a value$/, 2],
      [['flavor', 'show', 'm1.tiny', '--format', 'xml'], /^Expected --format=xml to be one of: json, shell, table, value, yaml$/, 2],
    ]
    for (const [argv, message, code] of cases) {
      const r = await cli.run(...argv)
      expect(r.code, argv.join(' ')).toBe(code)
      const printed = argv.includes('json') ? r.stdout : r.stderr
      if (argv.includes('json')) {
        const { error } = JSON.parse(printed) as { error: { message: string; hint?: string } }
        expect(Object.keys(error).sort()).toEqual(['hint', 'message'])
        expect(error.message).toMatch(message)
        expect(printed.split('\n').length).toBeLessThan(10)
      } else expect(printed).toMatch(/^Error: Expected --format=xml/)
    }
  })

  it('takes the name after repeatable flags, as openstack users write it', async () => {
    const cli = await fakeCluster([['sim1']])
    const set = await cli.run('flavor', 'set', '--property', 'hw:cpu_policy=shared', '--property', 'k=v', 'm1.small', '--json')
    expect(set.code, set.stderr).toBe(0)
    expect(JSON.parse(set.stdout).properties).toMatchObject({ 'hw:cpu_policy': 'shared', k: 'v' })
    await cli.json('server', 'group', 'create', 'web', '--policy', 'anti-affinity')
    const created = await cli.run('server', 'create', '--flavor', 'm1.tiny', '--image', 'tiny', '--hint', 'group=web', 'vm8', '--json')
    expect(created.code, created.stderr).toBe(0)
    expect(JSON.parse(created.stdout).name).toBe('vm8')
  })

  it("answers to openstack's and novaclient's spellings", async () => {
    const cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384']])
    const created = await cli.run('server', 'create', 'pair', '--flavor', 'm1.tiny', '--image', 'tiny', '--max-count', '2', '--poll', '--json')
    expect(created.code, created.stderr).toBe(0)
    expect((JSON.parse(created.stdout) as Array<{ status: string }>).map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE'])
    expect((await cli.json<Array<{ name: string }>>('hypervisor', 'list')).map((h) => h.name)).toEqual(['sim1'])
    expect(await cli.json('hypervisor', 'stats')).toMatchObject({ count: 1, vcpus: 8, vcpus_used: 2, memory_mb: 16384, memory_mb_used: 1024, running_vms: 2 })
    expect((await cli.run('console', 'log', 'show', 'pair-1')).stdout).toContain('homenova-guest: booted')
    expect((await cli.run('compute', 'service', 'set', 'sim1', 'nova-compute', '--disable', '--disable-reason', 'disk swap')).code).toBe(0)
    expect(await cli.json('compute', 'service', 'list')).toEqual([expect.objectContaining({ binary: 'nova-compute', host: 'sim1', zone: 'nova', status: 'disabled', state: 'up', disabled_reason: 'disk swap' })])
    const wrong = await cli.run('compute', 'service', 'set', 'sim1', 'nova-scheduler', '--enable')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('No service "nova-scheduler"')
  })
})
