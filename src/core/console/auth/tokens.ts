// The rules of console authorizations, Nova's consoleauth: a random token that
// is given to the user once and kept only as its sha256, bound to one server,
// the host it ran on and the display port it had, for one console type, valid
// for `console_token_ttl` seconds and (unlike Nova's, which last until they
// expire) good for one connection. Pure functions on the state, so the store's
// transaction makes authorizing and consuming atomic across processes.
import { createHash, randomBytes } from 'node:crypto'
import { serverStatus } from '../../model/lifecycle.js'
import type { ConsoleAuthToken, State } from '../../store/schema.js'

/** The console types `console url show --type` offers, as openstack names them. */
export const CONSOLE_TYPES = ['novnc', 'spice-html5', 'serial'] as const
/** One of CONSOLE_TYPES. */
export type ConsoleType = (typeof CONSOLE_TYPES)[number]

/** What a token is bound to. */
export interface ConsoleGrant {
  instanceUuid: string
  hostId: string
  consoleType: ConsoleType
  /** The display's port on its host when the token was made (0 for the serial console, which has none). */
  port: number
}

/** Why a token was turned away: a sentence for the log line and the WebSocket close reason. */
export class ConsoleTokenRefused extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'ConsoleTokenRefused'
  }
}

/** The stored form of a token: sha256, hex (Nova's get_sha256_str). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Records a new authorization and returns its token, which is stored nowhere:
 * 32 random bytes (Nova uses a random UUID, 122 bits) in base64url, so it
 * travels in a URL unescaped. Expired tokens are dropped in the same write.
 */
export function authorizeConsole(state: State, grant: ConsoleGrant, ttlSeconds: number, nowMs: number): { token: string; record: ConsoleAuthToken } {
  cleanExpiredTokens(state, nowMs)
  const token = randomBytes(32).toString('base64url')
  const record: ConsoleAuthToken = {
    tokenHash: hashToken(token),
    ...grant,
    createdAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + ttlSeconds * 1000).toISOString(),
  }
  state.consoleAuthTokens.push(record)
  return { token, record }
}

/**
 * Spends a token on one connection to `instanceUuid`'s console of type
 * `consoleType`: it must exist, be for that server and type, not have expired
 * or been used, and the server must still be on the host the token names.
 * Marks it used and returns a copy; throws ConsoleTokenRefused otherwise. Run
 * inside a transaction, two racing connections cannot both get it.
 */
export function consumeConsoleToken(state: State, token: string, want: { instanceUuid: string; consoleType: ConsoleType }, nowMs: number): ConsoleAuthToken {
  const hash = hashToken(token)
  const record = state.consoleAuthTokens.find((t) => t.tokenHash === hash)
  // Expired ones are dropped only after this lookup, so the refusal can say "expired".
  cleanExpiredTokens(state, nowMs, record)
  if (!record) throw new ConsoleTokenRefused('unknown token')
  if (record.instanceUuid !== want.instanceUuid) throw new ConsoleTokenRefused(`token is for another server (${record.instanceUuid})`)
  if (record.consoleType !== want.consoleType) throw new ConsoleTokenRefused(`token is for a ${record.consoleType} console, not ${want.consoleType}`)
  if (Date.parse(record.expiresAt) <= nowMs) {
    state.consoleAuthTokens = state.consoleAuthTokens.filter((t) => t !== record)
    throw new ConsoleTokenRefused(`token expired at ${record.expiresAt}`)
  }
  if (record.usedAt) throw new ConsoleTokenRefused(`token was already used at ${record.usedAt}`)
  const server = state.servers.find((s) => s.id === record.instanceUuid && s.vmState !== 'deleted')
  if (!server) throw new ConsoleTokenRefused('the server no longer exists')
  if (server.host !== record.hostId) throw new ConsoleTokenRefused(`the server is no longer on host ${hostName(state, record.hostId)}`)
  // A guest that is not running has no display (or console) to reach; one that is paused still shows its screen.
  if (server.vmState !== 'active' && server.vmState !== 'rescued' && server.vmState !== 'paused') throw new ConsoleTokenRefused(`the server is ${serverStatus(server)}`)
  record.usedAt = new Date(nowMs).toISOString()
  return structuredClone(record)
}

/** Drops expired authorizations (Nova's clean_expired_console_auths); `keep` survives this pass. */
export function cleanExpiredTokens(state: State, nowMs: number, keep?: ConsoleAuthToken): number {
  const before = state.consoleAuthTokens.length
  state.consoleAuthTokens = state.consoleAuthTokens.filter((t) => t === keep || Date.parse(t.expiresAt) > nowMs)
  return before - state.consoleAuthTokens.length
}

/** Drops every authorization of a server (Nova's clean_console_auths_for_instance), e.g. when it is deleted. */
export function cleanServerTokens(state: State, instanceUuid: string): void {
  state.consoleAuthTokens = state.consoleAuthTokens.filter((t) => t.instanceUuid !== instanceUuid)
}

/**
 * Whether the display a token was made for is still where it was: the same
 * protocol on the same port. A restarted guest gets a new port from libvirt,
 * and the old port may by then be another guest's.
 */
export function checkConsolePort(record: Pick<ConsoleAuthToken, 'consoleType' | 'port'>, endpoint: { protocol: 'vnc' | 'spice'; port: number }): void {
  const expected = record.consoleType === 'spice-html5' ? 'spice' : 'vnc'
  if (endpoint.protocol !== expected) throw new ConsoleTokenRefused(`the server's display is ${endpoint.protocol} now, the token is for ${expected}`)
  if (endpoint.port !== record.port) throw new ConsoleTokenRefused(`the server's display moved from port ${record.port} to ${endpoint.port} (restarted?)`)
}

function hostName(state: State, hostId: string): string {
  return state.hosts.find((h) => h.id === hostId)?.name ?? hostId
}
