import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { showFlags } from '../../../cli/output-flags.js'
import { CONSOLE_TYPES } from '../../../core/console/auth/tokens.js'
import { homenovaHome } from '../../../core/paths.js'

/** What `console url show --json` prints: openstack's type and url, and when the URL stops working. */
interface ConsoleUrlView {
  type: string
  url: string
  expires_at: string
}

export default class ConsoleUrlShow extends BaseCommand {
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = `Print a URL that opens a running server's console in a browser (openstack's console url show).

The URL carries a one-time token (Nova's consoleauth): it opens one connection, for console_token_ttl seconds (default 600), to this server's display as it is now. When no console proxy of this home answers on novncproxy_host:novncproxy_port (127.0.0.1:6080), one is started in the background. --type spice-html5 is for servers with a SPICE display (\`host set HOST --graphics spice\`); --type serial gives a WebSocket URL to the serial console (Nova's serial proxy), for WebSocket clients.`
  static examples = [
    '<%= config.bin %> console url show vm1',
    '<%= config.bin %> console url show vm1 -f value -c url',
    '<%= config.bin %> console url show vm2 --type spice-html5',
    '<%= config.bin %> console url show vm1 --type serial --json',
    '<%= config.bin %> console url show --serial vm1',
    '<%= config.bin %> console url show vm1 --no-start-proxy',
  ]
  static flags = {
    ...showFlags,
    novnc: Flags.boolean({ description: "openstack's spelling of --type novnc.", exclusive: ['serial', 'spice', 'type'] }),
    'no-start-proxy': Flags.boolean({ description: 'Do not start a console proxy when none answers (one runs elsewhere, e.g. `console proxy --foreground`).' }),
    serial: Flags.boolean({ description: "openstack's spelling of --type serial.", exclusive: ['novnc', 'spice', 'type'] }),
    spice: Flags.boolean({ description: "openstack's spelling of --type spice-html5.", exclusive: ['novnc', 'serial', 'type'] }),
    type: Flags.option({ default: 'novnc', description: 'Console type: novnc (VNC display in noVNC), spice-html5 (SPICE display) or serial (a raw WebSocket to the serial console).', options: CONSOLE_TYPES })(),
  }
  static outputColumns = ['type', 'url']

  async run(): Promise<ConsoleUrlView> {
    const { args, flags } = await this.parse(ConsoleUrlShow)
    const home = homenovaHome()
    const { consoles } = await this.services()
    const made = await consoles.createConsole(args.server, flags.spice ? 'spice-html5' : flags.serial ? 'serial' : flags.type)
    if (!flags['no-start-proxy']) {
      const [{ ensureProxy, proxyIdentity }, { startBackgroundProxy }] = await Promise.all([import('../../../core/console/proxy/probe.js'), import('../../../cli/background.js')])
      const config = await consoles.settings()
      const listen = `${config.novncproxy_host.includes(':') ? `[${config.novncproxy_host}]` : config.novncproxy_host}:${config.novncproxy_port}`
      const started = await ensureProxy(config.novncproxy_host, config.novncproxy_port, proxyIdentity(home), () =>
        startBackgroundProxy(this.config.root, home, ['--listen', listen, '--idle-timeout', String(config.console_token_ttl + 60)]),
      )
      if (started) this.logToStderr(`Started a console proxy on ${listen} in the background (log: console-proxy.log in ${home}).`)
    }
    const view: ConsoleUrlView = { type: made.type, url: made.url, expires_at: made.expiresAt }
    return this.printShow(flags, view, () => ({ type: view.type, url: view.url }))
  }
}
