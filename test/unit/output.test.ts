// cliff's output options as a user of openstack knows them: -f, -c,
// --sort-column, --noindent, checked on the pure renderers.
import { describe, expect, it } from 'vitest'
import { csv, shell } from '../../src/cli/formatters.js'
import { Formatted, renderList, renderShow, selectList, type ListOutput, type OutputOptions } from '../../src/cli/output.js'
import { UserError } from '../../src/core/errors.js'

const servers: ListOutput = {
  columns: ['ID', 'Name', 'Status', 'RAM', 'Networks', 'Host'],
  rows: [
    ['b2', 'web', 'ACTIVE', 2048, new Formatted('net=10.0.0.2', { net: ['10.0.0.2'] }), 'kvm2'],
    ['a1', 'db', 'SHUTOFF', 4096, new Formatted('', {}), null],
    ['c3', 'web', 'ERROR', 512, new Formatted('net=10.0.0.3', { net: ['10.0.0.3'] }), 'kvm1'],
  ],
  shown: ['ID', 'Name', 'Status'],
}
const opts = (o: Partial<OutputOptions>): OutputOptions => ({ format: 'table', ...o })
const names = (o: Partial<OutputOptions>) => selectList(servers, o).rows.map((r) => r[0])

describe('csv', () => {
  it('quotes every non-numeric field by default, doubling quotes and escaping backslashes, as Python csv with QUOTE_NONNUMERIC', () => {
    expect(csv(['Name', 'RAM', 'Public', 'Note'], [['a "b", c', 512, true, null], ['back\\slash', 1.5, false, 'x\ny']])).toBe(
      ['"Name","RAM","Public","Note"', '"a ""b"", c",512,True,""', '"back\\\\slash",1.5,False,"x\ny"'].join('\n'),
    )
  })

  it('knows the other quoting modes', () => {
    const rows = [['a,b', 'plain', 7, null]]
    expect(csv(['x', 'y', 'z', 'w'], rows, 'minimal')).toBe('x,y,z,w\n"a,b",plain,7,')
    expect(csv(['x', 'y', 'z', 'w'], rows, 'all')).toBe('"x","y","z","w"\n"a,b","plain","7",""')
    expect(csv(['x', 'y', 'z', 'w'], [['a,"b"', 'p', 7, null]], 'none')).toBe('x,y,z,w\na\\,\\"b\\",p,7,')
    expect(csv(['only'], [['']], 'minimal')).toBe('only\n""')
  })

  it('renders the shown columns of a list', async () => {
    expect(await renderList(servers, opts({ format: 'csv' }))).toBe('"ID","Name","Status"\n"b2","web","ACTIVE"\n"a1","db","SHUTOFF"\n"c3","web","ERROR"')
  })
})

describe('value', () => {
  it('prints a line per row, its cells separated by spaces, text of formatted cells', async () => {
    expect(await renderList(servers, opts({ format: 'value', column: ['Name', 'Networks'] }))).toBe('web net=10.0.0.2\ndb \nweb net=10.0.0.3')
  })

  it('prints just the value of a show field, one per line in field order', async () => {
    const fields = { id: 'a1', status: 'ACTIVE', locked: false, fault: undefined }
    expect(await renderShow(fields, opts({ format: 'value', column: ['status'] }))).toBe('ACTIVE')
    expect(await renderShow(fields, opts({ format: 'value', column: ['locked', 'id'] }))).toBe('a1\nFalse')
  })

  it('prints a missing value as None, as cliff prints Python\'s None (the table leaves it empty)', async () => {
    const fields = { id: 'a1', task_state: null }
    expect(await renderShow(fields, opts({ format: 'value', column: ['task_state'] }))).toBe('None')
    expect(await renderList(servers, opts({ format: 'value', column: ['ID', 'Host'], 'sort-column': ['ID'] }))).toBe('a1 None\nb2 kvm2\nc3 kvm1')
    expect(await renderShow(fields, opts({ format: 'table' }))).not.toContain('None')
  })

  it('takes show fields by the names openstack gives them, OS-EXT-STS:task_state for task_state', async () => {
    const fields = { id: 'a1', task_state: 'spawning', host: 'kvm1' }
    expect(await renderShow(fields, opts({ format: 'value', column: ['OS-EXT-STS:task_state', 'OS-EXT-SRV-ATTR:host'] }))).toBe('spawning\nkvm1')
  })
})

describe('json and yaml', () => {
  it('gives a list as objects keyed by column, with the data of formatted cells; --noindent prints one line', async () => {
    const text = await renderList(servers, opts({ format: 'json', column: ['ID', 'Networks'], noindent: true }))
    expect(text).toBe('[{"ID":"b2","Networks":{"net":["10.0.0.2"]}},{"ID":"a1","Networks":{}},{"ID":"c3","Networks":{"net":["10.0.0.3"]}}]')
    expect(await renderList(servers, opts({ format: 'json', column: ['ID'] }))).toBe('[\n  {\n    "ID": "b2"\n  },\n  {\n    "ID": "a1"\n  },\n  {\n    "ID": "c3"\n  }\n]')
  })

  it('gives a show as one object keyed by field', async () => {
    expect(JSON.parse(await renderShow({ id: 'a1', ram: 512, skipped: undefined }, opts({ format: 'json' })))).toEqual({ id: 'a1', ram: 512 })
  })

  it('writes YAML in block style with YAML 1.1 quoting (a PyYAML reader keeps "yes" and "1" strings)', async () => {
    const list: ListOutput = { columns: ['ID', 'Name', 'RAM', 'Is Public'], rows: [['1', 'yes', 512, true]] }
    expect(await renderList(list, opts({ format: 'yaml' }))).toBe('- ID: "1"\n  Name: "yes"\n  RAM: 512\n  Is Public: true')
    expect(await renderShow({ status: 'ACTIVE', addresses: new Formatted('net=10.0.0.2', { net: ['10.0.0.2'] }) }, opts({ format: 'yaml' }))).toBe(
      'status: ACTIVE\naddresses:\n  net:\n  - 10.0.0.2',
    )
    expect(await renderList({ columns: ['ID'], rows: [] }, opts({ format: 'yaml' }))).toBe('[]')
  })

  it('writes shell assignments a shell can eval, with cliff variable names', () => {
    expect(shell({ 'Task State': null, name: 'a "$(x)"', 'OS-EXT:az': 'nova' }, 'vm_')).toBe('vm_task_state="None"\nvm_name="a \\"\\$(x)\\""\nvm_os_ext_az="nova"')
  })
})

describe('columns and sorting', () => {
  it('shows the default columns, and with -c the asked ones in the command order, as cliff', () => {
    expect(selectList(servers, {}).columns).toEqual(['ID', 'Name', 'Status'])
    expect(selectList(servers, { column: ['Host', 'ID'] }).columns).toEqual(['ID', 'Host'])
    expect(selectList(servers, { column: ['host', 'status'] }).columns).toEqual(['Status', 'Host'])
  })

  it('sorts by one column, ascending or descending, numbers as numbers', () => {
    expect(names({ 'sort-column': ['RAM'] })).toEqual(['c3', 'b2', 'a1'])
    expect(names({ 'sort-column': ['RAM'], 'sort-descending': true })).toEqual(['a1', 'b2', 'c3'])
    expect(names({ 'sort-column': ['Host'] })).toEqual(['c3', 'b2', 'a1']) // nothing sorts last, as None in cliff
  })

  it('sorts by two columns, the first named deciding first', () => {
    expect(names({ 'sort-column': ['Name', 'Status'] })).toEqual(['a1', 'b2', 'c3'])
    expect(names({ 'sort-column': ['Name', 'Status'], 'sort-descending': true })).toEqual(['c3', 'b2', 'a1'])
  })

  it('refuses an unknown column with a usage error that lists the columns', async () => {
    const err = await renderList(servers, opts({ column: ['Bogus'] })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect(err).toMatchObject({ exitCode: 2, message: 'No column "Bogus": the columns are "ID", "Name", "Status", "RAM", "Networks", "Host".' })
    await expect(renderList(servers, opts({ 'sort-column': ['Nope'] }))).rejects.toThrow(/No column "Nope"/)
    await expect(renderShow({ id: 'a1' }, opts({ column: ['name'] }))).rejects.toThrow('No column "name": the columns are "id".')
  })
})
