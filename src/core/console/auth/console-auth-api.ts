// Console URLs and their tokens (Nova's get_vnc_console / get_spice_console /
// get_serial_console API and consoleauth): `console url show` asks for one,
// the browser proxy spends it.
import { UserError } from '../../errors.js'
import type { Clock } from '../../clock.js'
import { systemClock } from '../../clock.js'
import type { ComputeApi, ConsoleSession, GraphicsSession } from '../../api/compute-api.js'
import { serverStatus } from '../../model/lifecycle.js'
import { schedulerConfig, type SchedulerConfig } from '../../scheduler/config.js'
import type { Store } from '../../store/store.js'
import type { ConsoleAuthToken, Server } from '../../store/schema.js'
import { authorizeConsole, checkConsolePort, cleanExpiredTokens, consumeConsoleToken, ConsoleTokenRefused, hashToken, type ConsoleType } from './tokens.js'

/** What `console url show` prints (openstack's fields: type, url) and what the dashboard needs besides. */
export interface ConsoleUrl {
  type: ConsoleType
  url: string
  expiresAt: string
  server: Server
}

/** Where the browser console proxy listens and the URLs it is reached by. */
export interface ProxyAddress {
  host: string
  port: number
  /** The page URLs start with: novncproxy_base_url, or built from host and port. */
  baseUrl: string
}

/** The proxy address the settings give. */
export function proxyAddress(config: Pick<SchedulerConfig, 'novncproxy_host' | 'novncproxy_port' | 'novncproxy_base_url'>): ProxyAddress {
  const { novncproxy_host: host, novncproxy_port: port } = config
  return { host, port, baseUrl: config.novncproxy_base_url || `${proxyOrigin(host, port)}/vnc.html` }
}

/** http://HOST:PORT of a proxy listening on host:port, as reached from this machine. */
export function proxyOrigin(host: string, port: number): string {
  // A proxy listening on every address is still reached on the loopback from here.
  const reach = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return `http://${reach}:${port}`
}

/**
 * The URL a console type is opened with, as Nova builds its access_url:
 * noVNC gets the WebSocket path in `path` (noVNC >= 1.1), spice-html5 the
 * token in `token`, the serial console is a WebSocket URL itself.
 */
export function consoleUrl(baseUrl: string, type: ConsoleType, instanceUuid: string, token: string): string {
  const base = new URL(baseUrl)
  const wsPath = `${SOCKET_PATHS[type]}/${instanceUuid}?token=${token}`
  if (type === 'novnc') return `${base.href}?${new URLSearchParams({ path: wsPath })}`
  if (type === 'spice-html5') return `${base.origin}/spice-html5/spice_auto.html?${new URLSearchParams({ path: wsPath })}`
  return `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/${wsPath}`
}

/** The first segment of each console type's WebSocket path on the proxy; the server's UUID follows. */
export const SOCKET_PATHS: Readonly<Record<ConsoleType, string>> = { novnc: 'websockify', 'spice-html5': 'spice', serial: 'serial' }

/** Console authorizations over one store. */
export class ConsoleAuthApi {
  private readonly spiceSessions = new Map<string, { record: ConsoleAuthToken; open: number }>()

  constructor(
    private readonly store: Store,
    private readonly compute: Pick<ComputeApi, 'showServer' | 'graphicsEndpoint' | 'openGraphics' | 'openSerialConsole'>,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The settings the proxy and the URLs use. */
  async settings(): Promise<SchedulerConfig> {
    return schedulerConfig((await this.store.read()).config)
  }

  /**
   * A one-time URL to a running server's console. For a graphical console the
   * display is read through the host first, so the token names the port it
   * has now, and a display of the other kind (SPICE for noVNC) is refused.
   */
  async createConsole(ref: string, type: ConsoleType): Promise<ConsoleUrl> {
    let server = await this.compute.showServer(ref)
    let port = 0
    if (server.vmState !== 'active' && server.vmState !== 'rescued' && server.vmState !== 'paused') {
      throw new UserError(`Server ${server.name} is ${serverStatus(server)}: only a running guest has a console to open`, { hint: `Start it first: homenova server start ${server.name}` })
    }
    if (type !== 'serial') {
      const found = await this.compute.graphicsEndpoint(server.id)
      server = found.server
      port = found.endpoint.port
      const wanted = type === 'novnc' ? 'vnc' : 'spice'
      if (found.endpoint.protocol !== wanted) {
        const other = found.endpoint.protocol === 'vnc' ? 'novnc' : 'spice-html5'
        throw new UserError(`Server ${server.name}'s display is ${found.endpoint.protocol.toUpperCase()}, not ${wanted.toUpperCase()}`, { hint: `Ask for --type ${other}.` })
      }
    }
    const hostId = server.host
    if (!hostId) throw new UserError(`Server ${server.name} is not on any host`)
    return this.store.transact((state) => {
      const now = state.servers.find((s) => s.id === server.id)
      // It moved or went away while its display was read: the port read belongs to no one now.
      if (!now || now.vmState === 'deleted' || now.host !== hostId) throw new UserError(`Server ${server.name} changed host while its console was looked up`, { hint: 'Ask again.' })
      const config = schedulerConfig(state.config)
      const { token, record } = authorizeConsole(state, { instanceUuid: server.id, hostId, consoleType: type, port }, config.console_token_ttl, this.clock.now())
      return { type, url: consoleUrl(proxyAddress(config).baseUrl, type, server.id, token), expiresAt: record.expiresAt, server: structuredClone(now) }
    })
  }

  /** Spends a token on one connection (one transaction: of two racing connections one is refused). */
  async consume(token: string, want: { instanceUuid: string; consoleType: ConsoleType }): Promise<ConsoleAuthToken> {
    return this.store.transact((state) => consumeConsoleToken(state, token, want, this.clock.now()))
  }

  /**
   * Spends a token and opens the display it was made for: the server must
   * still be on the token's host and its display on the token's port (read
   * again through the host). Throws ConsoleTokenRefused when it is not.
   */
  async openGraphics(token: string, want: { instanceUuid: string; consoleType: 'novnc' | 'spice-html5' }): Promise<GraphicsSession> {
    // A SPICE client opens one WebSocket per channel (main, display, inputs,
    // cursor...): its token is spent by the first, and the others join that
    // session while one of its connections is still open in this process.
    const hash = hashToken(token)
    const live = want.consoleType === 'spice-html5' ? this.spiceSessions.get(hash) : undefined
    const record = live && live.record.instanceUuid === want.instanceUuid ? live.record : await this.consume(token, want)
    const session = await this.compute.openGraphics(record.instanceUuid, {
      check: (server, endpoint) => {
        if (server.host !== record.hostId) throw new ConsoleTokenRefused('the server moved to another host')
        checkConsolePort(record, endpoint)
      },
    })
    if (want.consoleType !== 'spice-html5') return session
    const entry = this.spiceSessions.get(hash) ?? { record, open: 0 }
    entry.open += 1
    this.spiceSessions.set(hash, entry)
    let closed = false
    return {
      ...session,
      close: async () => {
        if (!closed && --entry.open === 0) this.spiceSessions.delete(hash)
        closed = true
        await session.close()
      },
    }
  }

  /** Spends a serial-console token and attaches to the server's serial console (Nova's serial proxy). */
  async openSerial(token: string, instanceUuid: string): Promise<ConsoleSession> {
    const record = await this.consume(token, { instanceUuid, consoleType: 'serial' })
    return this.compute.openSerialConsole(record.instanceUuid, { size: { cols: 80, rows: 24 }, force: false })
  }

  /** Drops expired tokens; returns how many. */
  async cleanExpired(): Promise<number> {
    return this.store.transact((state) => cleanExpiredTokens(state, this.clock.now()))
  }
}
