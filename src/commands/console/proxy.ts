import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { UserError } from '../../core/errors.js'
import { homenovaHome } from '../../core/paths.js'
import { proxyOrigin } from '../../core/console/auth/console-auth-api.js'
import { schedulerConfig } from '../../core/scheduler/config.js'

// ADDR:PORT, with an IPv6 address in brackets as URLs write it ([::1]:6080).
function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim())
  const port = m ? Number(m[3]) : NaN
  if (!m || port > 65535) throw new UserError(`--listen takes ADDR:PORT, got ${JSON.stringify(text)}`, { hint: 'For example 127.0.0.1:6080, 0.0.0.0:6080 or [::1]:6080.', exitCode: 2 })
  return { host: m[1] ?? m[2], port }
}

/** What `console proxy` returns under --json. */
interface ProxyResult {
  url: string
  started: boolean
  foreground: boolean
}

export default class ConsoleProxy extends BaseCommand {
  static description = `Run the browser console proxy (nova-novncproxy): it serves noVNC and bridges its WebSocket, once a token from \`console url show\` is spent, to the server's display through its host's SSH connection.

Without --foreground it makes sure one runs in the background (started detached, its log in console-proxy.log in the homenova home, stopping by itself after console_token_ttl + 60 seconds with nothing open); \`console url show\` does the same on its own. --foreground runs it here until Ctrl-C, one log line per console opened, closed or refused.

It listens on novncproxy_host:novncproxy_port (127.0.0.1:6080) unless --listen says otherwise. From another machine, tunnel to it: ssh -L 6080:127.0.0.1:6080 THIS-MACHINE.`
  static examples = [
    '<%= config.bin %> console proxy',
    '<%= config.bin %> console proxy --foreground',
    '<%= config.bin %> console proxy --foreground --listen 0.0.0.0:6080',
  ]
  static flags = {
    foreground: Flags.boolean({ description: 'Run here until interrupted, logging to the terminal.' }),
    'idle-timeout': Flags.integer({ description: 'Stop after this many seconds with no request and no console open (default: never with --foreground, console_token_ttl + 60 in the background).', min: 0 }),
    listen: Flags.string({ description: 'ADDR:PORT to listen on (default: the settings novncproxy_host and novncproxy_port, 127.0.0.1:6080).' }),
  }

  async run(): Promise<ProxyResult> {
    const { flags } = await this.parse(ConsoleProxy)
    const config = schedulerConfig((await this.store.read()).config)
    const listen = flags.listen ? parseListen(flags.listen) : { host: config.novncproxy_host, port: config.novncproxy_port }
    const home = homenovaHome()
    const { proxyIdentity } = await import('../../core/console/proxy/probe.js')
    const identity = proxyIdentity(home)
    const shown = (host: string, port: number) => `${proxyOrigin(host, port)}/`

    if (!flags.foreground) {
      if (listen.port === 0) throw new UserError('A background proxy needs a fixed port', { hint: 'Give --listen ADDR:PORT with a port, or run it with --foreground to take any free one.', exitCode: 2 })
      const [{ ensureProxy }, { startBackgroundProxy }] = await Promise.all([import('../../core/console/proxy/probe.js'), import('../../cli/background.js')])
      const idle = flags['idle-timeout'] ?? config.console_token_ttl + 60
      const started = await ensureProxy(listen.host, listen.port, identity, () =>
        startBackgroundProxy(this.config.root, home, ['--listen', `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`, '--idle-timeout', String(idle)]),
      )
      const url = shown(listen.host, listen.port)
      this.show(() => (started ? `Console proxy started in the background on ${url} (log: console-proxy.log in ${home}; it stops after ${idle} s idle).` : `A console proxy of this home already answers on ${url}.`))
      return { url, started, foreground: false }
    }

    const [{ startConsoleProxy }, { createServices }] = await Promise.all([import('../../core/console/proxy/proxy-server.js'), import('../../core/services.js')])
    const { consoles } = createServices(home)
    const stamp = (line: string) => this.log(`${new Date().toISOString()} ${line}`)
    const proxy = await startConsoleProxy({ consoles, listen, identity, idleTimeoutMs: (flags['idle-timeout'] ?? 0) * 1000, log: stamp }).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`Cannot listen on ${listen.host}:${listen.port}: ${err.code ?? err.message}`, { hint: err.code === 'EADDRINUSE' ? 'Another process has that port; pick another with --listen or `config set novncproxy_port`.' : undefined, cause: err })
    })
    const url = shown(proxy.address, proxy.port)
    stamp(`console proxy listening on ${url} (noVNC page: ${url}vnc.html)`)
    const stop = () => void proxy.close()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    await proxy.stopped
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    stamp('console proxy stopped')
    return { url, started: true, foreground: true }
  }
}
