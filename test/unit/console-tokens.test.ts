// Console tokens as Nova's consoleauth, plus homenova's one-connection rule:
// stored only as a hash, bound to one server, its host, console type and
// display port, refused when expired, reused, for another server or type, or
// when the server has moved; expired ones cleaned up.
import { describe, expect, it } from 'vitest'
import { authorizeConsole, checkConsolePort, cleanExpiredTokens, cleanServerTokens, consumeConsoleToken, hashToken, ConsoleTokenRefused, type ConsoleGrant } from '../../src/core/console/auth/tokens.js'
import { consoleUrl, proxyAddress } from '../../src/core/console/auth/console-auth-api.js'
import { emptyState } from '../../src/core/store/constants.js'
import { migrateState } from '../../src/core/store/migrations.js'
import type { Host, Server, State } from '../../src/core/store/schema.js'

const A = '11111111-1111-4111-8111-111111111111'
const B = '22222222-2222-4222-8222-222222222222'
const T0 = Date.parse('2026-11-30T10:00:00Z')

// Only the fields the token rules read; the rest of a server does not matter to them.
function cloud(): State {
  const state = emptyState()
  state.hosts.push({ id: 'h1', name: 'host1' } as Host, { id: 'h2', name: 'host2' } as Host)
  state.servers.push({ id: A, name: 'a', host: 'h1', vmState: 'active' } as Server, { id: B, name: 'b', host: 'h1', vmState: 'active' } as Server)
  return state
}
const vnc = (instanceUuid = A): ConsoleGrant => ({ instanceUuid, hostId: 'h1', consoleType: 'novnc', port: 5900 })

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConsoleTokenRefused) return err.reason
    throw err
  }
  throw new Error('expected a refusal')
}

describe('console tokens', () => {
  it('keeps only the sha256 of a random token, with the grant and an expiry ttl seconds away', () => {
    const state = cloud()
    const { token, record } = authorizeConsole(state, vnc(), 600, T0)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(state)).not.toContain(token)
    expect(state.consoleAuthTokens).toEqual([{ tokenHash: hashToken(token), instanceUuid: A, hostId: 'h1', consoleType: 'novnc', port: 5900, createdAt: '2026-11-30T10:00:00.000Z', expiresAt: '2026-11-30T10:10:00.000Z' }])
    expect(record.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(authorizeConsole(state, vnc(), 600, T0).token).not.toBe(token)
  })

  it('opens one connection: the second use of a token is refused', () => {
    const state = cloud()
    const { token } = authorizeConsole(state, vnc(), 600, T0)
    const spent = consumeConsoleToken(state, token, { instanceUuid: A, consoleType: 'novnc' }, T0 + 1000)
    expect(spent).toMatchObject({ instanceUuid: A, hostId: 'h1', port: 5900, usedAt: '2026-11-30T10:00:01.000Z' })
    expect(refusal(() => consumeConsoleToken(state, token, { instanceUuid: A, consoleType: 'novnc' }, T0 + 2000))).toBe('token was already used at 2026-11-30T10:00:01.000Z')
  })

  it('refuses a token past its ttl, and drops it', () => {
    const state = cloud()
    const { token } = authorizeConsole(state, vnc(), 60, T0)
    expect(refusal(() => consumeConsoleToken(state, token, { instanceUuid: A, consoleType: 'novnc' }, T0 + 60_000))).toBe('token expired at 2026-11-30T10:01:00.000Z')
    expect(state.consoleAuthTokens).toEqual([])
  })

  it('refuses a token made for another server, or for another console type', () => {
    const state = cloud()
    const { token } = authorizeConsole(state, vnc(B), 600, T0)
    expect(refusal(() => consumeConsoleToken(state, token, { instanceUuid: A, consoleType: 'novnc' }, T0))).toBe(`token is for another server (${B})`)
    expect(refusal(() => consumeConsoleToken(state, token, { instanceUuid: B, consoleType: 'serial' }, T0))).toBe('token is for a novnc console, not serial')
    // Neither attempt spent it.
    expect(consumeConsoleToken(state, token, { instanceUuid: B, consoleType: 'novnc' }, T0).instanceUuid).toBe(B)
  })

  it('refuses an unknown token, and one whose server moved to another host or was deleted', () => {
    const state = cloud()
    expect(refusal(() => consumeConsoleToken(state, 'guess', { instanceUuid: A, consoleType: 'novnc' }, T0))).toBe('unknown token')
    const moved = authorizeConsole(state, vnc(), 600, T0).token
    state.servers[0].host = 'h2'
    expect(refusal(() => consumeConsoleToken(state, moved, { instanceUuid: A, consoleType: 'novnc' }, T0))).toBe('the server is no longer on host host1')
    const stopped = authorizeConsole(state, vnc(B), 600, T0).token
    state.servers[1].vmState = 'stopped'
    expect(refusal(() => consumeConsoleToken(state, stopped, { instanceUuid: B, consoleType: 'novnc' }, T0))).toBe('the server is SHUTOFF')
    const gone = authorizeConsole(state, vnc(B), 600, T0).token
    state.servers[1].vmState = 'deleted'
    expect(refusal(() => consumeConsoleToken(state, gone, { instanceUuid: B, consoleType: 'novnc' }, T0))).toBe('the server no longer exists')
  })

  it("refuses when the server's display is no longer the one the token names (another port or protocol)", () => {
    expect(() => checkConsolePort(vnc(), { protocol: 'vnc', port: 5900 })).not.toThrow()
    expect(refusal(() => checkConsolePort(vnc(), { protocol: 'vnc', port: 5901 }))).toBe("the server's display moved from port 5900 to 5901 (restarted?)")
    expect(refusal(() => checkConsolePort(vnc(), { protocol: 'spice', port: 5900 }))).toBe("the server's display is spice now, the token is for vnc")
    expect(() => checkConsolePort({ consoleType: 'spice-html5', port: 5930 }, { protocol: 'spice', port: 5930 })).not.toThrow()
  })

  it('cleans up expired tokens when new ones are made, and all of a server on request', () => {
    const state = cloud()
    authorizeConsole(state, vnc(), 10, T0)
    const kept = authorizeConsole(state, vnc(B), 600, T0).record
    expect(cleanExpiredTokens(state, T0 + 5_000)).toBe(0)
    authorizeConsole(state, vnc(), 600, T0 + 10_000)
    expect(state.consoleAuthTokens.map((t) => t.instanceUuid)).toEqual([B, A])
    cleanServerTokens(state, A)
    expect(state.consoleAuthTokens).toEqual([kept])
  })
})

describe('console URLs', () => {
  it("are built as Nova builds them: noVNC's path parameter, spice-html5's page, a WebSocket for serial", () => {
    const { baseUrl } = proxyAddress({ novncproxy_host: '127.0.0.1', novncproxy_port: 6080, novncproxy_base_url: '' })
    expect(baseUrl).toBe('http://127.0.0.1:6080/vnc.html')
    expect(consoleUrl(baseUrl, 'novnc', A, 'tok_en-1')).toBe(`http://127.0.0.1:6080/vnc.html?path=websockify%2F${A}%3Ftoken%3Dtok_en-1`)
    expect(consoleUrl(baseUrl, 'spice-html5', A, 't')).toBe(`http://127.0.0.1:6080/spice-html5/spice_auto.html?path=spice%2F${A}%3Ftoken%3Dt`)
    expect(consoleUrl(baseUrl, 'serial', A, 't')).toBe(`ws://127.0.0.1:6080/serial/${A}?token=t`)
    expect(proxyAddress({ novncproxy_host: '::', novncproxy_port: 7000, novncproxy_base_url: '' }).baseUrl).toBe('http://127.0.0.1:7000/vnc.html')
    expect(consoleUrl('https://console.example/vnc.html', 'serial', A, 't')).toBe(`wss://console.example/serial/${A}?token=t`)
  })
})

describe('state schema 3 -> 4', () => {
  it('gives an older store an empty list of console tokens', () => {
    const v4 = migrateState({ version: 3, servers: [], hosts: [], requestSpecs: [] }, 'state.json') as { version: number; consoleAuthTokens: unknown[] }
    expect(v4.version).toBeGreaterThanOrEqual(4)
    expect(v4.consoleAuthTokens).toEqual([])
  })
})

describe('a deleted server', () => {
  it("takes its console tokens with it, as Nova's delete does", async () => {
    const { harness } = await import('../helpers/harness.js')
    const h = await harness()
    await (await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
    await h.services.consoles.createConsole('vm', 'serial')
    await h.services.consoles.createConsole('vm', 'serial')
    expect((await h.services.store.read()).consoleAuthTokens).toHaveLength(2)
    await (await h.services.compute.deleteServers(['vm'])).handle.wait()
    expect((await h.services.store.read()).consoleAuthTokens).toEqual([])
  })
})
