// The real `homenova dashboard` in a real terminal (tmux, on a private
// socket) against fake hosts, driven with keys as an operator would: it
// navigates, filters, opens a detail, stops and starts a server, shows a
// change another process (a CLI call) made, opens and leaves the console log,
// and quits leaving the terminal as it found it.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Store } from '../../src/core/store/store.js'
import { BIN, fakeCluster, waitFor, type CliHome } from '../helpers/cli.js'
import { Terminal } from '../helpers/tmux.js'

describe('homenova dashboard in a terminal', () => {
  let cli: CliHome
  const term = new Terminal()

  beforeAll(async () => {
    cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384', '--disk', '200'], ['sim2', '--vcpus', '8', '--ram', '16384', '--disk', '200']])
    for (const name of ['web', 'db']) expect((await cli.run('server', 'create', name, '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')).code).toBe(0)
    // CI=true on purpose: the dashboard must draw even where CI is set (as in CI itself).
    term.start(`node ${BIN} dashboard`, { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', CI: 'true', TERM: 'xterm-256color' })
  })
  afterAll(() => term.close())

  it('opens on the servers view', async () => {
    const screen = await term.waitFor(/servers \(2\)/)
    expect(screen).toMatch(/^homenova .*hosts 2\/2 up {2}2 servers/m)
    // Sorted by name, the arrow on NAME: db first although web was made first.
    expect(screen).toMatch(/NAME↑[^]*> db +ACTIVE +sim\d +m1\.tiny +tiny[^]*\n {2}web +ACTIVE/)
    expect(screen).toMatch(/<:> view {2}<\/> filter/)
  })

  it('moves, filters and opens a detail', async () => {
    term.keys('j')
    await term.waitFor(/> web +ACTIVE/)
    term.type('/web')
    term.keys('Enter')
    await term.waitFor(/servers \(1 of 2\) {2}\/web/)
    term.keys('Enter')
    await term.waitFor(/Server web[^]*status +ACTIVE/)
    term.keys('Escape')
    await term.waitFor(/servers \(1 of 2\)/)
    term.keys('Escape')
    await term.waitFor(/servers \(2\)/)
  })

  it('switches views with : and back', async () => {
    term.type(':hosts')
    term.keys('Enter')
    await term.waitFor(/hosts \(2\)[^]*> sim1 +up +enabled/)
    term.type(':se')
    term.keys('Tab', 'Enter')
    await term.waitFor(/servers \(2\)/)
  })

  it('stops and starts a server from the keyboard', async () => {
    term.keys('G', 's')
    await term.waitFor(/stop web\? y\/N/)
    term.keys('y')
    await term.waitFor(/> web +SHUTOFF/)
    expect((await cli.json<Array<{ name: string; status: string }>>('server', 'list')).find((s) => s.name === 'web')?.status).toBe('SHUTOFF')
    term.keys('S')
    await term.waitFor(/> web +ACTIVE/)
  })

  it('shows what another process changed', async () => {
    // Without --wait the CLI only queues the stop: the dashboard's conductor runs it.
    expect((await cli.run('server', 'stop', 'db')).code).toBe(0)
    await term.waitFor(/ db +SHUTOFF/)
    expect((await cli.run('server', 'set', 'db', '--name', 'db-renamed')).code).toBe(0)
    await term.waitFor(/ db-renamed +SHUTOFF/)
  })

  it('opens the console log and leaves it', async () => {
    term.keys('G', 'l')
    await term.waitFor(/Console log of web \(following\)[^]*login:/)
    term.keys('Escape')
    await term.waitFor(/servers \(2\)/)
  })

  it('sorts by another column and back', async () => {
    term.type('>')
    // By status: ACTIVE before SHUTOFF.
    await term.waitFor(/STATUS↑[^]*web +ACTIVE[^]*db-renamed +SHUTOFF/)
    term.type('<')
    await term.waitFor(/NAME↑[^]*db-renamed +SHUTOFF[^]*web +ACTIVE/)
  })

  it('shows the graphical console on v and comes back on Ctrl-]', async () => {
    term.keys('G', 'v')
    // console vnc's own view, in half-block cells, with its status line at the bottom.
    // The status line comes first, the cells once the display sends its first picture.
    const screen = await term.waitFor(/▀[^]*\n web 640x400 +Ctrl-\] back to the dashboard/)
    expect(screen).not.toContain('servers (2)')
    term.keys('C-]')
    const back = await term.waitFor(/servers \(2\)[^]*> web +ACTIVE/)
    expect(back).toMatch(/^homenova .*hosts 2\/2 up/m)
    expect(back).not.toContain('▀')
    expect(term.tmux('display-message', '-p', '#{alternate_on}').trim()).toBe('1')
    // The keys are the dashboard's again.
    term.keys('g')
    await term.waitFor(/> db-renamed +SHUTOFF/)
  })

  // Last before quitting: the tests above count two servers.
  it('creates a server from the form and resizes it', async () => {
    term.keys('n')
    await term.waitFor(/New server/)
    term.type('zeta')
    term.keys('Down')
    term.type('m1.ti')
    term.keys('Enter') // takes m1.tiny, on to the image
    term.type('tiny')
    // The scheduler's dry run shows before anything is sent.
    await term.waitFor(/Where it would land \(scheduler dry run\):[^]*Chosen: sim\d/)
    term.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down')
    await term.waitFor(/> \[ Create \]/)
    term.keys('Enter')
    await term.waitFor(/> zeta +ACTIVE +sim\d +m1\.tiny/)
    term.keys('f')
    await term.waitFor(/Resize zeta: which flavor\?/)
    term.type('m1.small')
    term.keys('Enter')
    await term.waitFor(/> zeta +VERIFY_RESIZE +sim\d +m1\.small/)
    term.keys('a')
    await term.waitFor(/> zeta +ACTIVE +sim\d +m1\.small/)
    const zeta = await cli.json<{ status: string; flavor: unknown }>('server', 'show', 'zeta')
    expect(zeta.status).toBe('ACTIVE')
    expect(JSON.stringify(zeta.flavor)).toContain('m1.small')
  })

  it('asks the hosts on Ctrl-R (in a child homenova): a guest that shut itself down shows SHUTOFF', async () => {
    const store = new Store(cli.home)
    const web = (await store.read()).servers.find((s) => s.name === 'web')
    expect(web?.vmState).toBe('active')
    // The guest powers itself off on its (simulated) host; nothing in the store says so yet.
    await store.transact((s) => void (s.fakeDomains.find((d) => d.name === web?.domainName)!.state = 'shutoff'))
    term.keys('C-r')
    await term.waitFor(/ web +SHUTOFF/)
    expect((await cli.json<Array<{ name: string; status: string }>>('server', 'list')).find((s) => s.name === 'web')?.status).toBe('SHUTOFF')
  })

  it('quits with q and gives the terminal back', async () => {
    term.keys('q')
    const screen = await term.waitFor(/exited 0\s*\n-?icanon -?echo/)
    // The dashboard drew on the alternate screen, which is gone; the terminal is cooked again.
    expect(screen).not.toContain('servers (2)')
    expect(screen).toMatch(/^icanon echo\s*$/m)
    expect(term.tmux('display-message', '-p', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1')
  })
})

// bin/run.js opens a plain `dashboard` without oclif (src/cli/run-dashboard.ts);
// both ways must open the view asked for and quit cleanly.
describe.each([
  ['without oclif', 'dash --view=flavors --debug', {}],
  ['through oclif', 'dashboard --view flavors', { HOMENOVA_OCLIF: '1' }],
])('homenova dashboard --view, %s', (_way, args, env) => {
  let cli: CliHome
  const term = new Terminal()
  beforeAll(async () => {
    cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384', '--disk', '200']])
  })
  afterAll(() => term.close())

  it('opens on the view asked for and quits', async () => {
    term.start(`node ${BIN} ${args}`, { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', TERM: 'xterm-256color', ...env })
    await term.waitFor(/flavors \(\d+\)[^]*m1\.tiny/)
    term.keys('q')
    await term.waitFor(/exited 0/)
  })
})

// bin/run.js loads the plain dashboard's bundle with a V8 code cache
// (src/cli/code-cache.ts): the first start keeps one once its first frame is
// drawn, and the next start takes it (a cache V8 refused would be written again).
describe('the dashboard code cache', () => {
  it('is kept after the first frame and taken by the next start', async () => {
    const cli = await fakeCluster([['sim1', '--vcpus', '8', '--ram', '16384', '--disk', '200']])
    const cacheHome = mkdtempSync(join(tmpdir(), 'homenova-xdg-cache-'))
    const dir = join(cacheHome, 'homenova')
    const env = { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', TERM: 'xterm-256color', XDG_CACHE_HOME: cacheHome }
    const caches = () => (existsSync(dir) ? readdirSync(dir) : []).filter((n) => n.startsWith('dashboard.cjs-') && n.endsWith('.v8cache'))
    const first = new Terminal()
    try {
      first.start(`node ${BIN} dashboard --view flavors`, env)
      await first.waitFor(/flavors \(\d+\)[^]*m1\.tiny/)
      await waitFor('the code cache', () => (caches().length === 1 ? true : null), 15_000)
      first.keys('q')
      await first.waitFor(/exited 0/)
    } finally {
      first.close()
    }
    const file = join(dir, caches()[0])
    const written = statSync(file)
    expect(written.size).toBeGreaterThan(100_000)
    expect(written.mode & 0o777).toBe(0o600)
    const second = new Terminal()
    try {
      second.start(`node ${BIN} dash --view flavors`, env)
      await second.waitFor(/flavors \(\d+\)[^]*m1\.tiny/)
      second.keys('j')
      await second.waitFor(/> m1\.small/)
      second.keys('q')
      await second.waitFor(/exited 0/)
    } finally {
      second.close()
    }
    expect(caches()).toEqual([caches()[0]])
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs) // taken, not made again
  })
})
