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
    // `help` with a typo answers as running it would, not with oclif's "Command server:lsit not found."
    const help = await cli.run('help', 'server', 'lsit')
    expect(help.code).toBe(127)
    expect(help.stderr).toContain('Error: server lsit is not a homenova command')
    expect(help.stderr).toMatch(/Hint: Did you mean server list\b/)
    // A topic mistyped on its own is suggested too.
    const topic = await cli.run('hypervisr')
    expect(topic.code).toBe(127)
    expect(topic.stderr).toMatch(/Hint: Did you mean hypervisor\b/)
    const known = await cli.run('help', 'server', 'list')
    expect(known.code).toBe(0)
    expect(known.stdout).toContain('$ homenova server list')
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
    const created = await cli.run('server', 'create', 'pair', '--flavor', 'm1.tiny', '--image', 'tiny', '--min-count', '2', '--max-count', '2', '--poll', '--json')
    expect(created.code, created.stderr).toBe(0)
    expect((JSON.parse(created.stdout) as Array<{ status: string }>).map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE'])
    expect((await cli.json<Array<{ hypervisor_hostname: string }>>('hypervisor', 'list')).map((h) => h.hypervisor_hostname)).toEqual(['sim1'])
    // openstack's columns and fields, for scripts written for `openstack hypervisor list|show`.
    expect((await cli.run('hypervisor', 'list', '--long', '-f', 'csv')).stdout.split('\n')).toEqual([
      '"ID","Hypervisor Hostname","Hypervisor Type","Host IP","State","vCPUs Used","vCPUs","Memory MB Used","Memory MB"',
      expect.stringMatching(/^"[0-9a-f-]{36}","sim1","fake","","up",2,8,1024,16384$/),
    ])
    expect((await cli.run('hypervisor', 'show', 'sim1', '-f', 'value', '-c', 'vcpus_used', '-c', 'running_vms', '-c', 'hypervisor_hostname')).stdout).toBe('sim1\n2\n2') // fields sorted by name, as openstack's
    const missing = await cli.run('hypervisor', 'show', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Error: No hypervisor named or with ID "nope"')
    expect(missing.stderr).toContain('homenova hypervisor list')
    expect(await cli.json('hypervisor', 'stats')).toMatchObject({ count: 1, vcpus: 8, vcpus_used: 2, memory_mb: 16384, memory_mb_used: 1024, running_vms: 2 })
    expect((await cli.run('console', 'log', 'show', 'pair-1')).stdout).toContain('homenova-guest: booted')
    expect((await cli.run('console', 'url', 'show', '--serial', '--no-start-proxy', 'pair-1', '-f', 'value', '-c', 'type')).stdout).toBe('serial') // openstack's --novnc|--spice|--serial
    expect((await cli.run('compute', 'service', 'set', 'sim1', 'nova-compute', '--disable', '--disable-reason', 'disk swap')).code).toBe(0)
    expect(await cli.json('compute', 'service', 'list')).toEqual([expect.objectContaining({ binary: 'nova-compute', host: 'sim1', zone: 'nova', status: 'disabled', state: 'up', disabled_reason: 'disk swap' })])
    // novaclient's verbs for groups, aggregates, flavors and `server set`.
    const value = async (...argv: string[]) => {
      const r = await cli.run(...argv)
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0)
      return r.stdout
    }
    await value('server-group-create', 'db', '--policy', 'affinity')
    expect(await value('server-group-get', 'db', '-f', 'value', '-c', 'policy')).toBe('affinity')
    await value('aggregate-create', 'rack1')
    await value('aggregate-add-host', 'rack1', 'sim1')
    expect(await value('aggregate-show', 'rack1', '-f', 'value', '-c', 'hosts')).toBe('sim1')
    await value('aggregate-remove-host', 'rack1', 'sim1')
    await value('aggregate-delete', 'rack1')
    expect(await cli.json('aggregate', 'list')).toEqual([])
    expect(await value('flavor-show', 'm1.tiny', '-f', 'value', '-c', 'ram')).toBe('512')
    await value('flavor-delete', 'm1.xlarge')
    expect((await cli.json<Array<{ name: string }>>('flavor', 'list')).map((f) => f.name)).not.toContain('m1.xlarge')
    expect(await value('update', 'pair-1', '--name', 'pair-one', '-f', 'value', '-c', 'name')).toBe('pair-one')
    expect((await cli.run('compute', 'service', 'set', '--enable', 'sim1', 'nova-compute')).code).toBe(0)
    expect(await value('compute', 'service', 'list', '-f', 'value', '-c', 'Host', '-c', 'Status')).toBe('sim1 enabled')
    const wrong = await cli.run('compute', 'service', 'set', 'sim1', 'nova-scheduler', '--enable')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('No service "nova-scheduler"')
  })
})
