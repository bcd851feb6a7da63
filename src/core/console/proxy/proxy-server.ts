// The browser console proxy (nova-novncproxy, and Nova's serial proxy): an HTTP
// server that serves noVNC and homenova's page around it, and WebSockets that
// are bridged, once their token is spent, to the server's display (or serial
// console) through its host's SSH connection. One connection per token; no
// port on a host is ever opened to the network.
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws'
import { UserError } from '../../errors.js'
import { SOCKET_PATHS, type ConsoleAuthApi } from '../auth/console-auth-api.js'
import { ConsoleTokenRefused, type ConsoleType } from '../auth/tokens.js'
import { originRefusal } from './origin.js'
import { PAGES, type Page } from './pages.js'
import { IDENTITY_PATH } from './probe.js'
import { novncFile, novncRoot, SPICE_HTML5_DIR, spiceFile } from './static-files.js'

/** What the proxy runs with. */
export interface ConsoleProxyOptions {
  consoles: Pick<ConsoleAuthApi, 'openGraphics' | 'openSerial' | 'settings'>
  /** Port 0 takes any free port; the one taken is in the result. */
  listen: { host: string; port: number }
  /** Which homenova home this proxy serves (a hash, not the path), answered on IDENTITY_PATH. */
  identity: string
  /** Stop after this long with no request and no open console (0: never). */
  idleTimeoutMs?: number
  /** Gets one line per refusal, console opened and console closed (never a token). */
  log?: (line: string) => void
}

/** A running proxy. */
export interface ConsoleProxy {
  address: string
  port: number
  /** Settles when the proxy has stopped (closed, or idle for idleTimeoutMs). */
  readonly stopped: Promise<void>
  close(): Promise<void>
}

// Console type by the first segment of a WebSocket's path.
const BY_PATH = new Map<string, ConsoleType>(Object.entries(SOCKET_PATHS).map(([type, path]) => [path, type as ConsoleType]))

const PAGE_HEADERS = {
  // The token is in the page's URL: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'",
}

/** Starts the proxy; resolves once it listens. */
export async function startConsoleProxy(options: ConsoleProxyOptions): Promise<ConsoleProxy> {
  const log = options.log ?? (() => {})
  const root = novncRoot()
  let open = 0
  let idleTimer: NodeJS.Timeout | undefined
  let stop: () => void = () => {}
  const stopped = new Promise<void>((resolve) => (stop = resolve))

  const touch = (): void => {
    clearTimeout(idleTimer)
    const ms = options.idleTimeoutMs ?? 0
    if (ms <= 0) return
    idleTimer = setTimeout(() => {
      if (open > 0) return touch()
      log(`idle for ${Math.round(ms / 1000)} s with no console open: stopping`)
      void close()
    }, ms)
    idleTimer.unref()
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    touch()
    answer(req, root, options.identity)
      .then((r) => {
        const body = Buffer.from(r.body, 'utf8')
        res.writeHead(r.status, { 'Content-Type': r.contentType, 'Content-Length': body.length, ...PAGE_HEADERS, ...(r.csp ? { 'Content-Security-Policy': r.csp } : {}) })
        res.end(req.method === 'HEAD' ? undefined : body)
      })
      .catch(() => res.destroy())
  }

  const server = createServer(onRequest)
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    touch()
    const url = new URL(req.url ?? '/', 'http://proxy')
    const m = /^\/([a-z]+)\/([0-9a-f-]{36})$/.exec(url.pathname)
    const type = m ? BY_PATH.get(m[1]) : undefined
    const from = req.socket.remoteAddress ?? '?'
    const what = m && type ? `${type} console of ${m[2]}` : `WebSocket ${url.pathname}`
    const refuse = (status: number, reason: string): void => {
      log(`refused ${what} from ${from}: ${reason}`)
      const body = `${reason}\n`
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    }
    if (!m || !type) return refuse(404, 'no console at this path')
    void options.consoles
      .settings()
      .then((config) => {
        const bad = originRefusal(req.headers.origin, req.headers.host, config.console_allowed_origins)
        if (bad) return refuse(403, bad)
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.pause() // nothing is read until the console is open
          open += 1
          void bridge(ws, { type, instanceUuid: m[2], token: url.searchParams.get('token') ?? '', what, from })
            .catch((err: unknown) => log(`error on ${what} from ${from}: ${err instanceof Error ? err.message : String(err)}`))
            .finally(() => {
              open -= 1
              touch()
            })
        })
      })
      .catch((err: unknown) => refuse(403, `cannot read the settings: ${err instanceof Error ? err.message : String(err)}`))
  })

  const bridge = async (ws: WebSocket, c: { type: ConsoleType; instanceUuid: string; token: string; what: string; from: string }): Promise<void> => {
    let target: { stream: Duplex; detail: string; close(): Promise<void> }
    try {
      if (c.token === '' || c.token.length > 200) throw new ConsoleTokenRefused(c.token === '' ? 'no token' : 'unknown token')
      if (c.type === 'serial') {
        const s = await options.consoles.openSerial(c.token, c.instanceUuid)
        target = { stream: s.stream.io, detail: `${s.server.name}'s serial console`, close: s.close }
      } else {
        const g = await options.consoles.openGraphics(c.token, { instanceUuid: c.instanceUuid, consoleType: c.type })
        target = { stream: g.stream, detail: `${g.server.name}'s ${g.endpoint.protocol} display (port ${g.endpoint.port} on its host)`, close: g.close }
      }
    } catch (err) {
      const refused = err instanceof ConsoleTokenRefused || err instanceof UserError
      const reason = err instanceof ConsoleTokenRefused ? err.reason : err instanceof Error ? err.message : String(err)
      log(`refused ${c.what} from ${c.from}: ${reason}`)
      // 1008: policy violation (the token); 1011: the console could not be reached.
      ws.resume() // to read the client's answer to the close
      ws.close(refused ? 1008 : 1011, closeReason(reason))
      return
    }
    if (ws.readyState !== ws.OPEN) {
      await target.close()
      return
    }
    const started = Date.now()
    log(`opened ${c.what} for ${c.from}: ${target.detail}`)
    const socketStream = createWebSocketStream(ws)
    let toGuest = 0
    let toBrowser = 0
    await new Promise<void>((resolve) => {
      let done = false
      const end = (): void => {
        if (done) return
        done = true
        socketStream.destroy()
        target.stream.destroy()
        resolve()
      }
      socketStream.on('data', (d: Buffer) => (toGuest += d.length))
      target.stream.on('data', (d: Buffer) => (toBrowser += d.length))
      socketStream.pipe(target.stream).on('error', end)
      target.stream.pipe(socketStream).on('error', end)
      for (const s of [socketStream, target.stream]) s.on('close', end).on('end', end).on('error', end)
    })
    await target.close().catch(() => {})
    log(`closed ${c.what} for ${c.from} after ${Math.round((Date.now() - started) / 1000)} s (${toGuest} bytes to the guest, ${toBrowser} to the browser)`)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  touch()
  let closing: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      clearTimeout(idleTimer)
      for (const ws of wss.clients) ws.terminate()
      server.close(() => resolve())
      server.closeAllConnections()
    }).then(() => stop()))
  const bound = server.address() as AddressInfo
  return { address: bound.address, port: bound.port, stopped, close }
}

// A WebSocket close reason is at most 123 bytes.
function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason
  let r = reason
  while (Buffer.byteLength(r) > 120) r = r.slice(0, -1)
  return `${r}...`
}

async function answer(req: IncomingMessage, root: string, identity: string): Promise<Page & { status: number }> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, contentType: 'text/plain', body: 'Only GET and HEAD are allowed.\n' }
  const path = new URL(req.url ?? '/', 'http://proxy').pathname
  if (path === IDENTITY_PATH) return { status: 200, contentType: 'application/json', body: JSON.stringify({ service: 'homenova-console-proxy', identity, pid: process.pid }) }
  const page = PAGES[path] ?? (await novncFile(root, path)) ?? (await spiceFile(SPICE_HTML5_DIR, path))
  if (!page && path.startsWith('/spice-html5/') && !existsSync(SPICE_HTML5_DIR)) {
    return { status: 404, contentType: 'text/plain', body: `The SPICE client is not installed here: apt-get install spice-html5 (it goes to ${SPICE_HTML5_DIR}).\n` }
  }
  if (page) return { status: 200, ...page }
  return { status: 404, contentType: 'text/plain', body: 'Not found. Open the URL `homenova console url show SERVER` prints.\n' }
}
