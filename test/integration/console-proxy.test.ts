// The browser console proxy as a user meets it through the built CLI, on fake
// hosts: `console url show` prints a one-time URL and starts a proxy in the
// background; the serial console (which fake hosts have) is reached through
// it; expired, reused, foreign and garbage tokens and a wrong Origin are each
// refused and logged; of two proxy processes racing for one token only one
// wins; the background proxy stops by itself when idle.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { fakeCluster, waitFor, type CliHome } from '../helpers/cli.js'

// A port nothing listens on right now.
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

interface Outcome {
  /** What the console sent first, when the connection was accepted. */
  data?: string
  close?: { code: number; reason: string }
  /** The HTTP status of a refused upgrade. */
  status?: number
}

// Connects to a console WebSocket and reports whether it was accepted (and what came first) or refused.
async function attempt(url: string, origin?: string): Promise<Outcome> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin })
  const outcome = await new Promise<Outcome>((resolve) => {
    let data = ''
    ws.on('message', (d: Buffer) => {
      data += d.toString()
      if (data.includes('login:')) resolve({ data })
    })
    ws.once('close', (code, reason) => resolve({ close: { code, reason: reason.toString() } }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }))
    ws.once('error', () => {})
  })
  ws.terminate()
  return outcome
}

const pidOf = async (port: number): Promise<number> => ((await (await fetch(`http://127.0.0.1:${port}/homenova-console-proxy`)).json()) as { pid: number }).pid
const answers = async (port: number): Promise<boolean> => fetch(`http://127.0.0.1:${port}/homenova-console-proxy`).then(() => true, () => false)

describe('console url show and console proxy', () => {
  let cli: CliHome
  let port: number
  let a: { id: string }
  let b: { id: string }
  const log = () => readFileSync(join(cli.home, 'console-proxy.log'), 'utf8')
  const url = async (server: string) => {
    const r = await cli.run('console', 'url', 'show', server, '--type', 'serial', '-f', 'value', '-c', 'url')
    expect(r.code, r.stderr).toBe(0)
    return r.stdout.trim()
  }

  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    a = await cli.json<{ id: string }>('server', 'create', 'a', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    b = await cli.json<{ id: string }>('server', 'create', 'b', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    port = await freePort()
    expect((await cli.run('config', 'set', 'novncproxy_port', String(port))).code).toBe(0)
  })

  afterAll(async () => {
    if (await answers(port)) process.kill(await pidOf(port), 'SIGTERM')
  })

  it('prints a one-time URL (openstack fields), starting a proxy in the background once', async () => {
    const shown = await cli.json<{ type: string; url: string; expires_at: string }>('console', 'url', 'show', 'a', '--type', 'serial')
    expect(shown.type).toBe('serial')
    expect(shown.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/serial/${a.id}\\?token=[A-Za-z0-9_-]{43}$`))
    expect(Date.parse(shown.expires_at) - Date.now()).toBeGreaterThan(590_000)
    // Only the hash is kept.
    expect(cli.stateBytes()).not.toContain(shown.url.split('token=')[1])
    const proxy = await pidOf(port)
    expect(log()).toContain(`console proxy listening on http://127.0.0.1:${port}/`)

    const table = await cli.run('console', 'url', 'show', 'a', '--type', 'serial')
    expect(table.stdout).toMatch(/│ type +│ serial +│/)
    expect(table.stderr).toBe('')
    expect(await pidOf(port)).toBe(proxy)
  })

  it("reaches the server's serial console through the proxy, once per URL", async () => {
    const link = await url('a')
    const first = await attempt(link)
    expect(first.data).toMatch(/homenova-guest: booted[\s\S]*login:/)
    expect(await attempt(link)).toEqual({ close: { code: 1008, reason: expect.stringMatching(/^token was already used at /) } })
    await waitFor('the log lines', () => log().includes(`closed serial console of ${a.id}`))
    expect(log()).toContain(`opened serial console of ${a.id} for 127.0.0.1: a's serial console`)
    expect(log()).toMatch(new RegExp(`refused serial console of ${a.id} from 127\\.0\\.0\\.1: token was already used at `))
  })

  it('refuses an expired, foreign or garbage token and a page from another origin, each with a log line', async () => {
    const forA = await url('a')
    const forB = forA.replace(a.id, b.id)
    expect(await attempt(forB)).toEqual({ close: { code: 1008, reason: `token is for another server (${a.id})` } })
    expect(await attempt(forA.replace(/token=.*/, 'token=not-a-token'))).toEqual({ close: { code: 1008, reason: 'unknown token' } })
    expect(await attempt(forA, 'http://evil.example')).toEqual({ status: 403 })
    expect(await attempt(forA, `http://localhost:${port}`)).toEqual({ status: 403 })
    // Refused before it was spent: it still works from the proxy's own origin.
    expect((await attempt(forA, `http://127.0.0.1:${port}`)).data).toContain('login:')

    expect((await cli.run('config', 'set', 'console_token_ttl', '1')).code).toBe(0)
    const stale = await url('b')
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await attempt(stale)).toEqual({ close: { code: 1008, reason: expect.stringMatching(/^token expired at /) } })
    expect((await cli.run('config', 'unset', 'console_token_ttl')).code).toBe(0)

    await waitFor('the refusals in the log', () => log().includes('token expired at'))
    const refused = log().split('\n').filter((l) => l.includes(' refused '))
    expect(refused.some((l) => l.endsWith(`refused serial console of ${b.id} from 127.0.0.1: token is for another server (${a.id})`))).toBe(true)
    expect(refused.some((l) => l.endsWith(`refused serial console of ${a.id} from 127.0.0.1: unknown token`))).toBe(true)
    expect(refused.some((l) => l.includes(`from 127.0.0.1: Origin http://evil.example is not this proxy (127.0.0.1:${port}) nor in console_allowed_origins`))).toBe(true)
    expect(refused.some((l) => l.includes(`refused serial console of ${b.id} from 127.0.0.1: token expired at `))).toBe(true)
    expect(log()).not.toContain(forA.split('token=')[1])
  })

  it('lets only one of two proxy processes racing for the same token have it', async () => {
    const second = await freePort()
    const other = cli.spawn('console', 'proxy', '--foreground', '--listen', `127.0.0.1:${second}`)
    try {
      await waitFor('the second proxy', () => answers(second), 20_000)
      const link = await url('b')
      const outcomes = await Promise.all([attempt(link), attempt(link.replace(`:${port}/`, `:${second}/`))])
      expect(outcomes.filter((o) => o.data?.includes('login:'))).toHaveLength(1)
      expect(outcomes.filter((o) => o.close?.code === 1008 && /^token was already used at /.test(o.close.reason))).toHaveLength(1)
    } finally {
      other.kill('SIGTERM')
      await other
    }
  })

  it('refuses a server that is not there or not running, changing nothing', async () => {
    const before = cli.stateBytes()
    const missing = await cli.run('console', 'url', 'show', 'nosuch')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('nosuch')
    expect((await cli.run('console', 'url', 'show', 'a', '--type', 'rdp')).code).toBe(2)
    expect(cli.stateBytes()).toBe(before)
    expect((await cli.run('server', 'stop', 'b', '--wait')).code).toBe(0)
    const stopped = await cli.run('console', 'url', 'show', 'b', '--type', 'serial')
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toContain('Server b is SHUTOFF: only a running guest has a console to open')
  })

  it('stops a background proxy by itself once it has been idle', async () => {
    process.kill(await pidOf(port), 'SIGTERM')
    await waitFor('the proxy to stop', async () => !(await answers(port)))
    const started = await cli.run('console', 'proxy', '--idle-timeout', '1')
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toContain(`Console proxy started in the background on http://127.0.0.1:${port}/`)
    expect(await answers(port)).toBe(true)
    // Asking is activity too: ask less often than the idle timeout.
    await waitFor('the idle proxy to stop', async () => !(await answers(port)), 10_000, 1500)
    expect(log()).toContain('idle for 1 s with no console open: stopping')
  })
})
