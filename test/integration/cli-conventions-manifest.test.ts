// The CLI's conventions checked on every command the build made, read from
// oclif.manifest.json, so that a new command is held to them without anyone
// remembering to add it: cliff's output flags on every list and show (each one
// run from the built CLI), repeatable flags before the name, and every server
// action that takes several servers acting on two.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerView } from '../../src/cli/views.js'
import { type CliHome, fakeCluster } from '../helpers/cli.js'

interface ManifestFlag {
  char?: string
  multiple?: boolean
  options?: string[]
  required?: boolean
  type: 'boolean' | 'option'
}
interface ManifestCommand {
  aliases: string[]
  args: Record<string, { description?: string; required?: boolean }>
  flags: Record<string, ManifestFlag>
  strict?: boolean
}
const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../oclif.manifest.json'), 'utf8')) as { commands: Record<string, ManifestCommand> }
const commands = Object.entries(manifest.commands).sort(([a], [b]) => a.localeCompare(b))

// `console log` (alias `console log show`) prints the console's raw text, as openstack's does: not a cliff show.
const NOT_CLIFF = new Set(['console:log'])
/** Commands that list or show (by id or alias), as openstack's Lister and ShowOne commands. */
const listsAndShows = commands.filter(([id, c]) => !NOT_CLIFF.has(id) && [id, ...c.aliases].some((n) => /:(list|show)$/.test(n)))
const isList = (c: ManifestCommand) => c.flags.format?.options?.includes('csv') === true

// What to give each command's arguments, in a home set up by beforeAll (command:arg first, then by arg name).
const ARG_VALUES: Record<string, string> = {
  aggregate: 'agg1',
  flavor: 'm1.tiny',
  group: 'web',
  host: 'sim1',
  hypervisor: 'sim1',
  image: 'tiny',
  'keypair:show:name': 'k1',
  'network:show:name': 'user',
  project: 'admin',
  provider: 'sim1',
  server: 'vm-1',
}
// Required flags, and flags that keep a command from starting background processes.
const EXTRA: Record<string, string[]> = {
  'allocation:candidate:list': ['--resource', 'VCPU=1'],
  'console:url:show': ['--no-start-proxy'],
}

// Sorted as the CLI sorts a column: numbers as numbers, text by code units.
const byValue = (a: string | number, b: string | number) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)

describe('conventions of every command in the manifest', () => {
  let cli: CliHome
  let requestId: string
  const argsOf = (id: string, c: ManifestCommand) =>
    Object.keys(c.args).map((arg) => (arg === 'request' ? requestId : (ARG_VALUES[`${id}:${arg}`] ?? ARG_VALUES[arg] ?? `no value for ${id} ${arg}`)))
  const ok = async (...argv: string[]) => {
    const r = await cli.run(...argv)
    expect(r.code, `homenova ${argv.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r
  }

  beforeAll(async () => {
    cli = await fakeCluster([
      ['sim1', '--vcpus', '8', '--ram', '16384'],
      ['sim2', '--vcpus', '8', '--ram', '16384'],
      ['sim3', '--vcpus', '8', '--ram', '16384'],
    ])
    await ok('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '2', '--wait')
    await ok('keypair', 'create', 'k1')
    await ok('server', 'group', 'create', 'web', '--policy', 'anti-affinity')
    await ok('aggregate', 'create', 'agg1')
    await ok('aggregate', 'add', 'host', 'agg1', 'sim1')
    await ok('quota', 'set', '--instances', '20', 'admin')
    requestId = (await cli.json<Array<{ request_id: string }>>('server', 'event', 'list', 'vm-1'))[0].request_id
  })

  it("gives every list and show command cliff's output flags", () => {
    expect(listsAndShows.length).toBeGreaterThan(30)
    for (const [id, c] of listsAndShows) {
      const f = c.flags
      expect([f.format?.char, f.column?.char, f.column?.multiple, f.noindent?.type], id).toEqual(['f', 'c', true, 'boolean'])
      if (isList(c)) {
        expect(f.format.options, id).toEqual(['csv', 'json', 'table', 'value', 'yaml'])
        expect([f['sort-column']?.multiple, f['sort-ascending']?.type, f['sort-descending']?.type, f.quote?.options], id).toEqual([true, 'boolean', 'boolean', ['all', 'minimal', 'none', 'nonnumeric']])
      } else {
        expect(id, 'a command named list must be a list').not.toMatch(/:list$/)
        expect([f.format?.options, f.prefix?.type], id).toEqual([['json', 'shell', 'table', 'value', 'yaml'], 'option'])
      }
    }
  })

  it('runs every list and show: -f json --noindent is one line; -c before the arguments picks a column, --sort-column orders it', async () => {
    for (const [id, c] of listsAndShows) {
      const words = id.split(':')
      const tail = [...argsOf(id, c), ...(EXTRA[id] ?? [])]
      const json = await ok(...words, '-f', 'json', '--noindent', ...tail)
      expect(json.stdout.split('\n'), id).toHaveLength(1)
      const data = JSON.parse(json.stdout) as unknown
      if (isList(c)) {
        const rows = data as Array<Record<string, unknown>>
        expect(rows.length, `${id} lists something here`).toBeGreaterThan(0)
        const first = Object.keys(rows[0])[0]
        const cells = rows.map((r) => r[first])
        if (!cells.every((x) => typeof x === 'string' || typeof x === 'number')) continue
        const sorted = (cells as Array<string | number>).sort(byValue).reverse().map(String)
        const r = await ok(...words, '-c', first, '--sort-column', first, '--sort-descending', '-f', 'value', ...tail)
        expect(r.stdout.split('\n'), id).toEqual(sorted)
      } else {
        const fields = data as Record<string, unknown>
        const name = ['name', 'id', 'type'].find((k) => typeof fields[k] === 'string') ?? Object.keys(fields).find((k) => typeof fields[k] !== 'object')!
        const r = await ok(...words, '-c', name, '-f', 'value', ...tail)
        expect(r.stdout, id).toBe(String(fields[name]))
      }
    }
  }, 120_000)

  it("sorts ascending on request, and takes openstack's prefixed show field names", async () => {
    const asc = await ok('server', 'list', '-f', 'value', '-c', 'Name', '--sort-column', 'Name', '--sort-ascending')
    expect(asc.stdout).toBe('vm-1\nvm-2')
    const show = await ok('server', 'show', '-f', 'value', '-c', 'OS-EXT-STS:vm_state', '-c', 'OS-EXT-STS:task_state', '-c', 'OS-EXT-SRV-ATTR:host', 'vm-1')
    const vm = await cli.json<ServerView>('server', 'show', 'vm-1')
    expect(show.stdout).toBe(`active\nNone\n${vm.host}`) // a task_state that is not there is None, as cliff prints it
    const shell = await ok('server', 'show', '-f', 'shell', '-c', 'task_state', '-c', 'status', 'vm-1')
    expect(shell.stdout).toBe('status="ACTIVE"\ntask_state="None"') // in the command's order, as cliff
  })

  it('takes the name after every repeatable flag, as openstack users write it', async () => {
    const personality = resolve(cli.home, 'motd')
    await import('node:fs').then(({ writeFileSync }) => writeFileSync(personality, 'hello\n'))
    // An invocation per command with a repeatable flag and an argument, the flags first and the name last.
    // (-c and --sort-column of list and show commands are run in the walk above.)
    const invocations: Record<string, string[][]> = {
      'aggregate:create': [['--property', 'k=v', '--property', 'k2=v', '-c', 'name', 'agg2']],
      'aggregate:set': [['--property', 'k3=v', '-c', 'name', 'agg2']],
      'aggregate:unset': [['--property', 'k3', 'agg2']],
      'flavor:create': [['--vcpus', '1', '--ram', '64', '-c', 'name', 'm1.walk']],
      'flavor:set': [['--property', 'k=v', '-c', 'name', 'm1.walk']],
      'flavor:unset': [['--property', 'k', 'm1.walk']],
      'host:add': [['--driver', 'fake', '--trait', 'CUSTOM_WALK', '--property', 'k=v', '-c', 'name', 'sim9']],
      'host:set': [['--enable', '-c', 'name', 'sim9']],
      'image:convert': [['--to', 'qcow2', '--name', 'tiny-q', '-c', 'name', 'tiny']],
      'image:create': [['--file', resolve(cli.home, 'disk.raw'), '--property', 'os_distro=walk', '-c', 'name', 'tiny2']],
      'image:replicate:dump': [['-c', 'Name', '--sort-column', 'Name', resolve(cli.home, 'dump')]],
      'image:replicate:compare': [['-c', 'Name', '--sort-column', 'Name', resolve(cli.home, 'dump')]],
      'image:replicate:load': [['-c', 'Name', '--sort-column', 'Name', resolve(cli.home, 'dump')]],
      'image:set': [['--property', 'k=v', '-c', 'name', 'tiny2']],
      'image:unset': [['--property', 'k', 'tiny2']],
      'keypair:create': [['-c', 'name', 'k2']],
      'resource:provider:inventory:set': [['--resource', 'VCPU:allocation_ratio=4', '--resource', 'DISK_GB:reserved=1', 'sim9']],
      'resource:provider:trait:set': [['--trait', 'CUSTOM_A', '--trait', 'CUSTOM_B', 'sim9']],
      'server:create': [
        ['--flavor', 'm1.tiny', '--image', 'tiny', '--hint', 'group=web', '--property', 'k=v', '--network', 'user', '--file', `/etc/motd=${personality}`, '--wait', '-c', 'name', 'vm8'],
        ['--flavor', 'm1.tiny', '--image', 'tiny', '--nic', 'net-id=user', '--dry-run', 'vm9'],
      ],
      'server:group:create': [['--policy', 'anti-affinity', '--rule', 'max_server_per_host=2', '-c', 'name', 'web2']],
      'server:set': [['--property', 'k=v', '-c', 'name', 'vm8']],
      'server:unset': [['--property', 'k', 'vm8']],
    }
    const covered = new Set(listsAndShows.map(([id]) => id))
    for (const [id, c] of commands) {
      const repeatable = Object.keys(c.flags).filter((f) => c.flags[f].multiple)
      if (covered.has(id) || repeatable.length === 0 || Object.keys(c.args).length === 0) continue
      expect(invocations[id], `an invocation of ${id} with ${repeatable.join(', ')} before its argument`).toBeDefined()
      const used = invocations[id].flat().map((w) => w.replace(/^--?/, ''))
      for (const f of repeatable) expect(used.includes(f) || used.includes(c.flags[f].char ?? '-'), `${id} --${f} is tried`).toBe(true)
    }
    for (const [id, runs] of Object.entries(invocations)) {
      for (const argv of runs) {
        // A mistyped -c is refused before the command acts: exit 2, the store as it was.
        const c = argv.indexOf('-c')
        if (c >= 0) {
          const before = cli.stateBytes()
          const bogus = await cli.run(...id.split(':'), ...argv.slice(0, c + 1), 'bogus', ...argv.slice(c + 2))
          expect([bogus.code, bogus.stderr.split('\n')[0]], id).toEqual([2, expect.stringMatching(/^Error: No column "bogus": the columns are "/)])
          expect(cli.stateBytes(), id).toBe(before)
        }
        const r = await ok(...id.split(':'), ...argv)
        const name = argv.at(-1)!
        // With -c name, what was made or changed is printed by that name alone
        // (keypair create prints the private key it made instead, as openstack's).
        if (id !== 'keypair:create' && argv.includes('-c') && argv[argv.indexOf('-c') + 1] === 'name') expect(r.stdout, id).toMatch(new RegExp(`\\b${name.replace('.', '\\.')}\\b`))
      }
    }
    expect(await cli.json('server', 'show', 'vm8')).toMatchObject({ name: 'vm8', status: 'ACTIVE', properties: {} })
    expect(await cli.json('flavor', 'show', 'm1.walk')).toMatchObject({ properties: {} })
    // The same for the writes without an argument or that look like a show: nothing pruned, no console token made.
    for (const argv of [
      ['image', 'cache', 'prune', '--sort-column', 'bogus'],
      ['console', 'url', 'show', '-c', 'bogus', '--no-start-proxy', 'vm-1'],
    ]) {
      const before = cli.stateBytes()
      expect((await cli.run(...argv)).code, argv.join(' ')).toBe(2)
      expect(cli.stateBytes(), argv.join(' ')).toBe(before)
    }
  }, 120_000)

  it('acts on several servers in every action that takes several', async () => {
    await ok('server', 'create', 'pair', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '2', '--host', 'sim1', '--wait')
    const both = ['pair-1', 'pair-2']
    const servers = async () => (await cli.json<ServerView[]>('server', 'list')).filter((s) => both.includes(s.name))
    const seen: string[] = []
    // `server VERB... pair-1 pair-2 FLAGS...`, then what each of the two shows afterwards.
    const act = async (verb: string[], flags: string[]) => {
      await ok('server', ...verb, ...both, ...flags)
      seen.push(verb.join(':'))
      return servers()
    }
    const statuses = (s: ServerView[]) => s.map((x) => x.status)

    // Evacuation wants the servers' host down: first, while both are on sim1.
    await ok('compute', 'service', 'set', 'sim1', '--down')
    expect((await act(['evacuate'], ['--wait'])).map((s) => s.host)).not.toContain('sim1')
    await ok('compute', 'service', 'set', 'sim1', '--up')

    const steps: Array<[string[], string[], string]> = [
      [['stop'], ['--wait'], 'SHUTOFF'],
      [['start'], ['--wait'], 'ACTIVE'],
      [['pause'], ['--wait'], 'PAUSED'],
      [['unpause'], ['--wait'], 'ACTIVE'],
      [['suspend'], ['--wait'], 'SUSPENDED'],
      [['resume'], ['--wait'], 'ACTIVE'],
      [['reboot'], ['--hard', '--wait'], 'ACTIVE'],
      [['migrate'], ['--wait'], 'VERIFY_RESIZE'],
      [['resize', 'confirm'], ['--wait'], 'ACTIVE'],
      [['migrate'], ['--wait'], 'VERIFY_RESIZE'],
      [['resize', 'revert'], ['--wait'], 'ACTIVE'],
      [['shelve'], ['--wait'], 'SHELVED_OFFLOADED'],
      [['unshelve'], ['--wait'], 'ACTIVE'],
    ]
    for (const [verb, flags, status] of steps) expect(statuses(await act(verb, flags)), `server ${verb.join(' ')} ${both.join(' ')}`).toEqual([status, status])
    expect((await act(['lock'], ['--reason', 'walk'])).map((s) => s.locked)).toEqual([true, true])
    expect((await act(['unlock'], [])).map((s) => s.locked)).toEqual([false, false])
    // Rescue takes one server (as openstack's); unrescue takes several.
    for (const name of both) await ok('server', 'rescue', name, '--wait')
    expect(statuses(await servers())).toEqual(['RESCUE', 'RESCUE'])
    expect(statuses(await act(['unrescue'], ['--wait']))).toEqual(['ACTIVE', 'ACTIVE'])
    await ok('server', 'delete', ...both, 'vm-2', '--wait')
    seen.push('delete')
    expect(await servers()).toEqual([])
    expect((await cli.json<ServerView[]>('server', 'list')).map((s) => s.name)).not.toContain('vm-2')

    // Every action whose argument takes several servers was tried above with two;
    // those that take one say SERVER, not SERVER..., in their help.
    const several = commands.filter(([id, c]) => id.startsWith('server:') && c.strict === false && c.args.server?.description?.includes('several'))
    expect(several.map(([id]) => id.slice('server:'.length)).sort()).toEqual([...new Set(seen)].sort())
    for (const single of ['rescue', 'resize', 'rebuild', 'image create']) {
      const help = await ok('server', ...single.split(' '), '--help')
      expect(help.stdout, single).toMatch(new RegExp(`\\$ homenova server ${single} SERVER [^.]`))
    }
  }, 180_000)
})
