// The console commands against a simulated host, through the built CLI:
// piped keys reach the console and the session detaches at the end of input;
// --snapshot prints the screen the console log leaves; --follow prints the tail.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CliHome } from '../helpers/cli.js'

describe('consoles on a simulated host', () => {
  const cli = new CliHome()

  beforeAll(async () => {
    expect((await cli.run('host', 'add', 'sim1', '--driver', 'fake', '--vcpus', '8', '--ram', '16384', '--disk', '200')).code).toBe(0)
    const disk = join(cli.home, 'disk.raw')
    writeFileSync(disk, Buffer.alloc(1024 * 1024))
    expect((await cli.run('image', 'create', 'tiny', '--file', disk)).code).toBe(0)
    expect((await cli.run('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--hostname', 'web-1', '--wait')).code).toBe(0)
  })

  it('sends piped keys to the console and detaches when the input ends', async () => {
    const r = await cli.runWithInput('hello\r', 'console', 'serial', 'vm')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('web-1 login: hello')
    expect(r.stdout).toContain('"hello" went nowhere')
    expect(r.stderr).toMatch(/Connected to the serial console of vm \(Ctrl-\] detaches\)[^]*Detached from the serial console of vm/)
  })

  it('prints the current screen with --snapshot', async () => {
    const r = await cli.run('console', 'serial', 'vm', '--snapshot')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n').at(-1)).toBe('web-1 login:')
  })

  it('refuses a bad escape character and a server that is not running', async () => {
    const bad = await cli.run('console', 'serial', 'vm', '--escape', 'xx')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--escape takes one character/)
    expect((await cli.run('server', 'stop', 'vm', '--wait')).code).toBe(0)
    const off = await cli.run('console', 'serial', 'vm')
    expect(off.code).toBe(1)
    expect(off.stderr).toMatch(/is not running: its serial console is closed/)
  })
})
