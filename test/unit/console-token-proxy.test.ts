// The browser console proxy against a small local TCP "display" (it greets as
// QEMU's VNC server does): noVNC and the page served, a token spent on one
// bridged connection, and every refusal (bad Origin, unknown, reused or
// foreign token, a display that moved) answered and logged.
import { once } from 'node:events'
import { createServer, connect, type Server as TcpServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ConsoleAuthApi } from '../../src/core/console/auth/console-auth-api.js'
import { authorizeConsole, checkConsolePort, consumeConsoleToken } from '../../src/core/console/auth/tokens.js'
import { startConsoleProxy, type ConsoleProxy } from '../../src/core/console/proxy/proxy-server.js'
import { spiceFile } from '../../src/core/console/proxy/static-files.js'
import { ConsoleAuthApi as ConsoleAuth } from '../../src/core/console/auth/console-auth-api.js'
import type { Store } from '../../src/core/store/store.js'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { schedulerConfig } from '../../src/core/scheduler/config.js'
import { emptyState } from '../../src/core/store/constants.js'
import type { Host, Server, State } from '../../src/core/store/schema.js'

const A = '11111111-1111-4111-8111-111111111111'
const B = '22222222-2222-4222-8222-222222222222'

interface Fixture {
  proxy: ConsoleProxy
  base: string
  state: State
  lines: string[]
  received: Buffer[]
  display: TcpServer
  token(uuid?: string, port?: number): string
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

// A proxy whose consoles are an in-memory state (the token rules themselves) and a local display.
async function fixture(options: { allowedOrigins?: string[]; idleTimeoutMs?: number } = {}): Promise<Fixture> {
  const received: Buffer[] = []
  const display = createServer((socket: Socket) => {
    socket.write('RFB 003.008\n')
    socket.on('data', (d: Buffer) => received.push(d))
  })
  display.listen(0, '127.0.0.1')
  await once(display, 'listening')
  const displayPort = (display.address() as { port: number }).port
  const state = emptyState()
  state.hosts.push({ id: 'h1', name: 'host1' } as Host)
  state.servers.push({ id: A, name: 'a', host: 'h1', vmState: 'active' } as Server, { id: B, name: 'b', host: 'h1', vmState: 'active' } as Server)
  const consoles: Pick<ConsoleAuthApi, 'openGraphics' | 'openSerial' | 'settings'> = {
    settings: async () => schedulerConfig({ console_allowed_origins: options.allowedOrigins ?? [] }),
    openGraphics: async (token, want) => {
      const record = consumeConsoleToken(state, token, want, Date.now())
      checkConsolePort(record, { protocol: 'vnc', port: displayPort })
      const stream = connect(displayPort, '127.0.0.1')
      await once(stream, 'connect')
      return { server: state.servers[0], endpoint: { protocol: 'vnc', address: '127.0.0.1', port: displayPort }, stream, close: async () => void stream.destroy() }
    },
    openSerial: async (token, instanceUuid) => {
      consumeConsoleToken(state, token, { instanceUuid, consoleType: 'serial' }, Date.now())
      throw new Error('no serial console in this test')
    },
  }
  const lines: string[] = []
  const proxy = await startConsoleProxy({ consoles, listen: { host: '127.0.0.1', port: 0 }, identity: 'test', idleTimeoutMs: options.idleTimeoutMs, log: (l) => lines.push(l) })
  cleanups.push(async () => {
    await proxy.close()
    display.close()
  })
  const token = (uuid = A, port = displayPort) => authorizeConsole(state, { instanceUuid: uuid, hostId: 'h1', consoleType: 'novnc', port }, 600, Date.now()).token
  return { proxy, base: `127.0.0.1:${proxy.port}`, state, lines, received, display, token }
}

// Opens a console WebSocket and reports what became of it: the first bytes, a close, or an HTTP refusal.
async function attempt(url: string, origin?: string): Promise<{ data?: string; close?: { code: number; reason: string }; status?: number; ws: WebSocket }> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin })
  return new Promise((resolve) => {
    ws.once('message', (d: Buffer) => resolve({ data: d.toString(), ws }))
    ws.once('close', (code, reason) => resolve({ close: { code, reason: reason.toString() }, ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode, ws }))
    ws.once('error', () => {})
  })
}

describe('console proxy', () => {
  it('bridges a WebSocket with a good token to the display, both ways, and logs the connection', async () => {
    const f = await fixture()
    const r = await attempt(`ws://${f.base}/websockify/${A}?token=${f.token()}`, `http://${f.base}`)
    expect(r.data).toBe('RFB 003.008\n')
    r.ws.send(Buffer.from('RFB 003.008\n'))
    await expect.poll(() => Buffer.concat(f.received).toString()).toBe('RFB 003.008\n')
    r.ws.close()
    await expect.poll(() => f.lines.join('\n')).toMatch(/closed novnc console of 1111.* \(12 bytes to the guest, 12 to the browser\)/)
    expect(f.lines[0]).toMatch(new RegExp(`^opened novnc console of ${A} for 127\\.0\\.0\\.1: a's vnc display \\(port \\d+ on its host\\)$`))
  })

  it('refuses a reused, unknown, missing or foreign token, and a display that moved, each with a reason and a log line', async () => {
    const f = await fixture()
    const once = f.token()
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=${once}`)).data).toBe('RFB 003.008\n')
    const reused = await attempt(`ws://${f.base}/websockify/${A}?token=${once}`)
    expect(reused.close).toEqual({ code: 1008, reason: expect.stringMatching(/^token was already used at /) })
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=garbage`)).close).toEqual({ code: 1008, reason: 'unknown token' })
    expect((await attempt(`ws://${f.base}/websockify/${A}`)).close).toEqual({ code: 1008, reason: 'no token' })
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=${f.token(B)}`)).close).toEqual({ code: 1008, reason: `token is for another server (${B})` })
    expect((await attempt(`ws://${f.base}/serial/${A}?token=${f.token()}`)).close).toEqual({ code: 1008, reason: 'token is for a novnc console, not serial' })
    const moved = await attempt(`ws://${f.base}/websockify/${A}?token=${f.token(A, 1)}`)
    expect(moved.close?.reason).toMatch(/^the server's display moved from port 1 to \d+ \(restarted\?\)$/)
    expect((await attempt(`ws://${f.base}/other/${A}?token=x`)).status).toBe(404)
    const refused = f.lines.filter((l) => l.startsWith('refused '))
    expect(refused).toHaveLength(7)
    expect(refused[1]).toBe(`refused novnc console of ${A} from 127.0.0.1: unknown token`)
    // The log never holds a token.
    expect(f.lines.join('\n')).not.toContain(once)
  })

  it("refuses a page from another origin with 403 before spending the token; allowed origins and clients without Origin pass", async () => {
    const f = await fixture({ allowedOrigins: ['console.example', 'other.example:8443'] })
    const token = f.token()
    for (const origin of ['http://evil.example', `http://127.0.0.1:${f.proxy.port + 1}`, 'null', 'https://other.example', 'file:///tmp/x.html']) {
      expect((await attempt(`ws://${f.base}/websockify/${A}?token=${token}`, origin)).status).toBe(403)
    }
    expect(f.lines[0]).toBe(`refused novnc console of ${A} from 127.0.0.1: Origin http://evil.example is not this proxy (${f.base}) nor in console_allowed_origins`)
    expect(f.state.consoleAuthTokens.every((t) => t.usedAt === undefined)).toBe(true)
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=${token}`, 'https://console.example:9000')).data).toBe('RFB 003.008\n')
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=${f.token()}`, 'https://other.example:8443')).data).toBe('RFB 003.008\n')
    expect((await attempt(`ws://${f.base}/websockify/${A}?token=${f.token()}`)).data).toBe('RFB 003.008\n')
  })

  it('serves its page and noVNC as ES modules from the npm package, nothing outside it, and never leaks the URL as a Referer', async () => {
    const f = await fixture()
    const page = await fetch(`http://${f.base}/vnc.html?path=x`)
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<script type="module" src="/console/vnc.js">')
    expect(await (await fetch(`http://${f.base}/console/vnc.js`)).text()).toContain("import RFB from '/novnc/core/rfb.js'")
    const rfb = await fetch(`http://${f.base}/novnc/core/rfb.js`)
    expect(rfb.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await rfb.text()).toContain('export default class RFB')
    // core/ imports ../vendor/pako by relative path.
    expect((await fetch(`http://${f.base}/novnc/vendor/pako/lib/zlib/inflate.js`)).status).toBe(200)
    for (const path of ['/novnc/package.json', '/novnc/core/%2e%2e/%2e%2e/%2e%2e/package.json', '/novnc/core/../../ws/index.js', '/etc/passwd', '/']) {
      expect((await fetch(`http://${f.base}${path}`)).status, path).toBe(404)
    }
    expect((await fetch(`http://${f.base}/vnc.html`, { method: 'POST' })).status).toBe(405)
    expect(await (await fetch(`http://${f.base}/homenova-console-proxy`)).json()).toEqual({ service: 'homenova-console-proxy', identity: 'test', pid: process.pid })
  })

  it('stops by itself once idle, but not while a console is open', async () => {
    const f = await fixture({ idleTimeoutMs: 300 })
    const r = await attempt(`ws://${f.base}/websockify/${A}?token=${f.token()}`)
    expect(r.data).toBe('RFB 003.008\n')
    let stopped = false
    void f.proxy.stopped.then(() => (stopped = true))
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(stopped).toBe(false)
    r.ws.close()
    await f.proxy.stopped
    expect(f.lines.at(-1)).toBe('idle for 0 s with no console open: stopping')
  })
})

describe('SPICE', () => {
  it("serves spice-html5's files (with the inline scripts its page needs) and nothing else of its directory or outside it", async () => {
    const root = mkdtempSync(join(tmpdir(), 'spice-html5-'))
    mkdirSync(join(root, 'thirdparty'))
    writeFileSync(join(root, 'spice_auto.html'), '<script>inline</script>')
    writeFileSync(join(root, 'thirdparty', 'rsa.js'), 'export {}')
    writeFileSync(join(root, 'README'), 'x')
    const page = await spiceFile(root, '/spice-html5/spice_auto.html')
    expect(page).toMatchObject({ contentType: 'text/html; charset=utf-8', body: '<script>inline</script>' })
    expect(page?.csp).toContain("script-src 'self' 'unsafe-inline'")
    expect((await spiceFile(root, '/spice-html5/thirdparty/rsa.js'))?.contentType).toBe('text/javascript; charset=utf-8')
    for (const path of ['/spice-html5/README', '/spice-html5/../spice-html5/spice_auto.html', '/spice-html5/%2e%2e/etc/passwd.js', '/spice-html5/missing.js', '/other/spice_auto.html']) {
      expect(await spiceFile(root, path), path).toBeUndefined()
    }
  })

  it("lets a SPICE client's channels join the session its first connection opened, and no one after it ends", async () => {
    const state = emptyState()
    state.hosts.push({ id: 'h1', name: 'host1' } as Host)
    state.servers.push({ id: A, name: 'a', host: 'h1', vmState: 'active' } as Server)
    // The token rules run on this state as the store's transaction would run them.
    const store = { read: async () => state, transact: async <T>(fn: (s: State) => T) => fn(state) } as unknown as Store
    const opened: string[] = []
    const compute = {
      showServer: async () => state.servers[0],
      graphicsEndpoint: async () => ({ server: state.servers[0], endpoint: { protocol: 'spice' as const, address: '127.0.0.1', port: 5930 } }),
      openGraphics: async (ref: string, options: { check?: (server: Server, endpoint: { protocol: 'vnc' | 'spice'; address: string; port: number }) => void } = {}) => {
        const endpoint = { protocol: 'spice' as const, address: '127.0.0.1', port: 5930 }
        options.check?.(state.servers[0], endpoint)
        opened.push(ref)
        return { server: state.servers[0], endpoint, stream: connect(1, '127.0.0.1').on('error', () => {}), close: async () => {} }
      },
      openSerialConsole: async () => {
        throw new Error('no serial here')
      },
    }
    const auth = new ConsoleAuth(store, compute)
    const { url } = await auth.createConsole('a', 'spice-html5')
    const token = decodeURIComponent(new URL(url).searchParams.get('path')!).split('token=')[1]
    const want = { instanceUuid: A, consoleType: 'spice-html5' as const }
    const main = await auth.openGraphics(token, want)
    const display = await auth.openGraphics(token, want)
    await display.close()
    await display.close() // closing twice counts once
    const inputs = await auth.openGraphics(token, want)
    expect(opened).toHaveLength(3)
    await main.close()
    await inputs.close()
    await expect(auth.openGraphics(token, want)).rejects.toThrow(/^token was already used at /)
    // A noVNC token never has a second connection, even while its first is open.
    state.servers[0] = { ...state.servers[0] }
    const vncCompute = { ...compute, graphicsEndpoint: async () => ({ server: state.servers[0], endpoint: { protocol: 'vnc' as const, address: '127.0.0.1', port: 5930 } }) }
    const vncAuth = new ConsoleAuth(store, { ...vncCompute, openGraphics: async (ref: string) => ({ ...(await compute.openGraphics(ref)), endpoint: { protocol: 'vnc' as const, address: '127.0.0.1', port: 5930 } }) })
    const vncToken = decodeURIComponent(new URL((await vncAuth.createConsole('a', 'novnc')).url).searchParams.get('path')!).split('token=')[1]
    const first = await vncAuth.openGraphics(vncToken, { instanceUuid: A, consoleType: 'novnc' })
    await expect(vncAuth.openGraphics(vncToken, { instanceUuid: A, consoleType: 'novnc' })).rejects.toThrow(/^token was already used at /)
    await first.close()
  })
})
