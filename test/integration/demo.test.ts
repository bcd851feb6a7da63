// The Quick start's first command ends in `homenova demo`: it must build its
// simulated cluster in its own home, boot servers through the real control
// plane, and say plainly that nothing real runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HostView, ServerView } from '../../src/cli/views.js'
import { CliHome } from '../helpers/cli.js'

describe('homenova demo', () => {
  it('boots its servers on simulated hosts, keeping the anti-affinity group apart', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'demo-test-')), 'demo')
    const cli = new CliHome()
    const r = await cli.run('demo', '--home', home)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('SIMULATED')
    expect(r.stdout).toContain('homenova console vnc web-1')
    const demo = new CliHome(home)
    const servers = await demo.json<ServerView[]>('server', 'list')
    // newest first, as Nova lists servers (the web servers were made by one create)
    expect(servers.map((s) => [s.name, s.status])).toEqual([
      ['cache-1', 'ACTIVE'],
      ['db-1', 'ACTIVE'],
      ['web-3', 'ACTIVE'],
      ['web-2', 'ACTIVE'],
      ['web-1', 'ACTIVE'],
    ])
    expect(new Set(servers.filter((s) => s.name.startsWith('web-')).map((s) => s.host)).size).toBe(3)
    const hosts = await demo.json<HostView[]>('host', 'list')
    expect(hosts.every((h) => h.driver === 'fake')).toBe(true)
    // The user's own home is untouched: the demo used its own.
    expect(cli.stateBytes()).toBe('')
  })
})
