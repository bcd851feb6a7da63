// The real `homenova dashboard` in a real terminal (tmux) against a real
// libvirt host over SSH, driven with keys: it navigates between views,
// filters, opens a detail, stops and starts the one guest it boots (libvirt
// agrees on each state), opens the guest's serial console and types into it,
// leaves it, shows its graphical console and leaves that, and quits with the
// terminal given back. One guest, booted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, CliHome, waitFor } from '../helpers/cli.js'
import { Terminal } from '../helpers/tmux.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'

describe('homenova dashboard on a real libvirt host', () => {
  const cli = new CliHome()
  const term = new Terminal()
  let host: RealHost
  let domain = ''

  const consoleLog = async () => (await cli.run('console', 'log', 'dash')).stdout
  /** What libvirt on the host says of the guest (OpenSSH and virsh, not homenova's code). */
  const domstate = () => onHost(host, `virsh -q -c ${host.uri} domstate ${domain}`).trim()
  /** Waits for the guest's serial shell: its boot ends with "homenova-guest: ready" (the log is appended across boots). */
  const readyTimes = async (times: number) =>
    waitFor(`the guest to be ready (${times})`, async () => (await consoleLog()).split('homenova-guest: ready').length > times, 150_000, 1000).catch(async (err: Error) => {
      throw new Error(`${err.message}; its console log ends:\n${(await consoleLog()).split('\n').slice(-8).join('\n')}`)
    })

  beforeAll(async () => {
    const real = realHosts()
    host = real.hosts[0]
    const add = await cli.run('host', 'add', host.name, ...hostArgs(host))
    expect(add.code, add.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', real.image)).code).toBe(0)
    domain = (await cli.json<{ instance_name: string }>('server', 'create', 'dash', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')).instance_name
    await readyTimes(1)
    term.start(`node ${BIN} dashboard`, { HOMENOVA_HOME: cli.home, NODE_ENV: 'production', TERM: 'xterm-256color' })
  }, 240_000)

  afterAll(async () => {
    term.close()
    await cli.run('server', 'delete', 'dash', '--wait')
  }, 120_000)

  it('opens on the servers view with the real host up', async () => {
    const screen = await term.waitFor(/servers \(1\)/, 30_000)
    expect(screen).toMatch(/^homenova .*hosts 1\/1 up {2}1 servers/m)
    expect(screen).toMatch(new RegExp(`> dash +ACTIVE +${host.name} +m1\\.tiny +tiny`))
  })

  it('goes to the hosts view and a host detail, and back', async () => {
    term.type(':hosts')
    term.keys('Enter')
    await term.waitFor(new RegExp(`hosts \\(1\\)[^]*> ${host.name} +up +enabled`))
    term.keys('Enter')
    await term.waitFor(new RegExp(`Host ${host.name}[^]*Inventory`))
    term.keys('Escape')
    await term.waitFor(/hosts \(1\)/)
    term.type(':servers')
    term.keys('Enter')
    await term.waitFor(/servers \(1\)/)
  })

  it('filters and opens the server detail', async () => {
    term.type('/nothing-like-it')
    await term.waitFor(/servers \(0 of 1\) {2}\/nothing-like-it/)
    // Esc alone: an Esc and a key in one read are Alt and that key.
    term.keys('Escape')
    await term.waitFor(/servers \(1\)\s/)
    term.type('/status=ACTIVE')
    term.keys('Enter')
    await term.waitFor(/servers \(1\) {2}\/status=ACTIVE[^]*> dash/)
    term.keys('Enter')
    await term.waitFor(new RegExp(`Server dash[^]*status +ACTIVE[^]*instance_name +${domain}`))
    term.keys('Escape')
    await term.waitFor(/servers \(1\) {2}\/status=ACTIVE/)
    term.keys('Escape')
    await term.waitFor(/servers \(1\)\s/)
  })

  it('stops and starts the server from the keyboard; libvirt agrees', { timeout: 300_000 }, async () => {
    term.keys('s')
    await term.waitFor(/stop dash\? y\/N/)
    term.keys('y')
    await term.waitFor(/> dash +SHUTOFF/, 150_000)
    expect(domstate()).toBe('shut off')
    term.keys('S')
    await term.waitFor(/> dash +ACTIVE/, 150_000)
    expect(domstate()).toBe('running')
    await readyTimes(2)
  })

  it('opens the serial console: keys reach the guest shell; Ctrl-] comes back', { timeout: 120_000 }, async () => {
    term.keys('c')
    await term.waitFor(/Serial console of dash \(attached/, 60_000)
    // Enter first: the shell's prompt may not be on screen yet.
    term.keys('Enter')
    term.type('echo hn-$((6 * 7))')
    term.keys('Enter')
    await term.waitFor(/^hn-42\s*$/m, 60_000)
    term.keys('C-]')
    await term.waitFor(/servers \(1\)[^]*> dash +ACTIVE/)
  })

  it('shows the guest screen on v and comes back on Ctrl-]', { timeout: 60_000 }, async () => {
    term.keys('v')
    // console vnc's view of the real display over SSH: the guest's VGA text screen, 720x400.
    // The status line comes first; the cells once the display sends its first picture.
    await term.waitFor(/▀[^]*\n dash 720x400 +Ctrl-\] back to the dashboard/, 30_000)
    term.keys('C-]')
    await term.waitFor(/servers \(1\)[^]*> dash +ACTIVE/)
  })

  it('quits with q and gives the terminal back', async () => {
    term.keys('q')
    const screen = await term.waitFor(/exited 0\s*\n-?icanon -?echo/)
    expect(screen).not.toContain('servers (1)')
    expect(screen).toMatch(/^icanon echo\s*$/m)
    expect(term.tmux('display-message', '-p', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1')
  })
})
