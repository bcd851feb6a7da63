// openstack's output options through the built CLI, as a script written for
// openstack would use them: -f value|csv|json|yaml, -c, --sort-column, --long.
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { networksText, type ServerView } from '../../src/cli/views.js'
import { type CliHome, fakeCluster } from '../helpers/cli.js'

describe('output options (-f, -c, --sort-column, --long)', () => {
  let cli: CliHome
  let vm1: ServerView
  let vm2: ServerView
  beforeAll(async () => {
    cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384', '--disk', '200']])
    // Listed newest first (vm2, vm1), as Nova lists servers, so that sorting by name is seen to do something.
    vm1 = await cli.json<ServerView>('server', 'create', 'vm1', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    vm2 = await cli.json<ServerView>('server', 'create', 'vm2', '--flavor', 'm1.small', '--image', 'tiny', '--wait')
  })

  it('prints just the values with -f value -c, a line per server', async () => {
    const r = await cli.run('server', 'list', '-f', 'value', '-c', 'Status')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('ACTIVE\nACTIVE') // (the run helper drops the last newline)
    const show = await cli.run('server', 'show', 'vm1', '-f', 'value', '-c', 'status')
    expect(show.stdout).toBe('ACTIVE')
  })

  it("writes CSV of openstack's default columns, quoted as cliff quotes", async () => {
    const r = await cli.run('server', 'list', '-f', 'csv')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('"ID","Name","Status","Networks","Image","Flavor"')
    expect(networksText(vm1.addresses)).toMatch(/^\w+=[\d.]+$/)
    expect(lines).toContain(`"${vm1.id}","vm1","ACTIVE","${networksText(vm1.addresses)}","tiny","m1.tiny"`)
    expect(lines).toHaveLength(3)
  })

  it('gives -f json as the chosen columns keyed by header, and --json stays the full shape', async () => {
    const r = await cli.run('server', 'list', '-f', 'json', '-c', 'ID', '-c', 'Name')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      { ID: vm2.id, Name: 'vm2' },
      { ID: vm1.id, Name: 'vm1' },
    ])
    const full = await cli.json<ServerView[]>('server', 'list', '-c', 'ID')
    expect(full[0]).toMatchObject({ id: vm2.id, name: 'vm2', flavor: { name: 'm1.small' }, vm_state: 'active' })
  })

  it('sorts by a column, descending on request', async () => {
    const asc = await cli.run('server', 'list', '-f', 'value', '-c', 'Name', '--sort-column', 'Name')
    expect(asc.stdout).toBe('vm1\nvm2')
    const desc = await cli.run('server', 'list', '-f', 'value', '-c', 'Name', '-c', 'Flavor', '--sort-column', 'Name', '--sort-descending')
    expect(desc.stdout).toBe('vm2 m1.small\nvm1 m1.tiny')
  })

  it('writes flavors as YAML a YAML reader parses back', async () => {
    const r = await cli.run('flavor', 'list', '-f', 'yaml')
    expect(r.code, r.stderr).toBe(0)
    const flavors = parse(r.stdout) as Array<Record<string, unknown>>
    expect(flavors.find((f) => f.Name === 'm1.tiny')).toEqual({ ID: '1', Name: 'm1.tiny', RAM: 512, Disk: 1, Ephemeral: 0, VCPUs: 1, 'Is Public': true })
  })

  it("shows openstack's --long columns, and its default ones without", async () => {
    const head = (out: string) => out.split('\n')[1].split('│').map((c) => c.trim()).filter(Boolean)
    const short = await cli.run('server', 'list')
    expect(head(short.stdout)).toEqual(['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor'])
    const long = await cli.run('server', 'list', '--long')
    expect(long.code, long.stderr).toBe(0)
    expect(head(long.stdout)).toEqual(['ID', 'Name', 'Status', 'Task State', 'Power State', 'Networks', 'Image Name', 'Image ID', 'Flavor Name', 'Flavor ID', 'Availability Zone', 'Host', 'Properties'])
    expect(long.stdout).toMatch(new RegExp(`${vm1.id}.*Running.*tiny.*${vm1.image.id}.*m1\\.tiny.*sim1`))
  })

  it('refuses an unknown column as a usage error: exit 2, one small JSON object under -f json', async () => {
    const r = await cli.run('server', 'list', '-f', 'json', '-c', 'Bogus')
    expect(r.code).toBe(2)
    const { error } = JSON.parse(r.stdout) as { error: { message: string; hint: string } }
    expect(error.message).toBe('No column "Bogus": the columns are "ID", "Name", "Status", "Task State", "Power State", "Networks", "Image", "Image Name", "Image ID", "Flavor", "Flavor Name", "Flavor ID", "Availability Zone", "Host", "Properties", "Project ID", "User ID", "Created At", "Key Name", "Locked".')
    expect(error.hint).toMatch(/-c Status/)
    const plain = await cli.run('server', 'show', 'vm1', '-c', 'bogus')
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/^Error: No column "bogus": the columns are "id", "name", "status"/)
  })

  it('prints what a create or set command made as a show, in the format -f and -c ask for', async () => {
    const id = await cli.run('flavor', 'create', 'm1.script', '--vcpus', '1', '--ram', '256', '--id', 'fl-script', '-f', 'value', '-c', 'id')
    expect(id.code, id.stderr).toBe(0)
    expect(id.stdout).toBe('fl-script')
    const set = await cli.run('flavor', 'set', '--property', 'k=v', 'm1.script', '-f', 'json', '-c', 'name', '-c', 'properties')
    expect(set.code, set.stderr).toBe(0)
    expect(JSON.parse(set.stdout)).toEqual({ name: 'm1.script', properties: { k: 'v' } })
    const group = await cli.run('server', 'group', 'create', 'web', '--policy', 'anti-affinity', '-f', 'shell', '-c', 'policy')
    expect(group.stdout).toBe('policy="anti-affinity"')
    const host = await cli.run('host', 'add', 'sim9', '--driver', 'fake', '-f', 'value', '-c', 'name', '-c', 'status')
    expect(host.stdout).toBe('sim9\nup') // a value per line, and no word about the fake driver among them
    const renamed = await cli.run('server', 'set', '--name', 'vm1b', vm1.id, '-f', 'value', '-c', 'name')
    expect(renamed.stdout).toBe('vm1b')
    // --json stays the full documented shape.
    expect(JSON.parse((await cli.run('image', 'set', 'tiny', '--min-ram', '64', '--json')).stdout)).toMatchObject({ name: 'tiny', min_ram: 64 })
  })
  it('prints a new server as its fields with -f/-c, only those on stdout (progress on stderr), a row each for several', async () => {
    const one = await cli.run('server', 'create', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait', '-f', 'value', '-c', 'id', 'vm3')
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toMatch(/^[0-9a-f-]{36}$/)
    expect(one.stderr).toContain('vm3: ACTIVE')
    expect((await cli.json<ServerView>('server', 'show', one.stdout)).name).toBe('vm3')
    const two = await cli.run('server', 'create', 'pair', '--flavor', 'm1.tiny', '--image', 'tiny', '--max-count', '2', '--wait', '-f', 'json', '-c', 'name', '-c', 'status')
    expect(JSON.parse(two.stdout)).toEqual([
      { name: 'pair-1', status: 'ACTIVE' },
      { name: 'pair-2', status: 'ACTIVE' },
    ])
    const before = cli.stateBytes()
    const shell = await cli.run('server', 'create', 'trio', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '3', '-f', 'shell')
    expect([shell.code, shell.stderr.split('\n')[0]]).toEqual([2, 'Error: -f shell prints one server; --max makes several'])
    expect(cli.stateBytes()).toBe(before)
  })

  it("takes openstack's --limit on server list, --long on server event list, and lists public flavors unless asked", async () => {
    const all = (await cli.run('server', 'list', '-f', 'value', '-c', 'Name')).stdout.split('\n')
    expect(all.length).toBeGreaterThan(2)
    expect((await cli.run('server', 'list', '--limit', '2', '-f', 'value', '-c', 'Name')).stdout.split('\n')).toEqual(all.slice(0, 2))
    expect((await cli.run('server', 'list', '--limit', '-1', '-f', 'value', '-c', 'Name')).stdout.split('\n')).toEqual(all)
    const events = await cli.run('server', 'event', 'list', 'vm2', '--long', '-f', 'csv')
    expect(events.stdout.split('\n')[0]).toBe('"Request ID","Action","Result","Start Time","Finish Time","User ID","Message","Server ID","Project ID"')
    expect(events.stdout.split('\n')[1]).toMatch(new RegExp(`^"req-[^"]+","create","Success",.*"${vm2.id}","admin"$`))
    expect((await cli.run('server', 'event', 'list', 'vm2', '-f', 'value', '-c', 'Finish Time', '-c', 'Server ID')).stdout).toMatch(new RegExp(`^\\S+Z ${vm2.id}$`))
    await cli.json('flavor', 'create', 'm1.hidden', '--vcpus', '1', '--ram', '128', '--private')
    const names = async (...flags: string[]) => (await cli.run('flavor', 'list', ...flags, '-f', 'value', '-c', 'Name')).stdout.split('\n')
    expect(await names()).not.toContain('m1.hidden')
    expect(await names('--private')).toEqual(['m1.hidden'])
    expect(await names('--all')).toEqual([...(await names('--public')), 'm1.hidden'])
  })
})
