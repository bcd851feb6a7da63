// Finding the console proxy of this homenova home, or having one started: a
// console URL is only worth printing when something will answer it.
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { UserError } from '../../errors.js'
import { proxyOrigin } from '../auth/console-auth-api.js'

/** The path a proxy answers on to say who it is (`console url show` asks before starting one). */
export const IDENTITY_PATH = '/homenova-console-proxy'

/** What a proxy answers on IDENTITY_PATH for this home: a hash, so the page does not give the home's path away. */
export function proxyIdentity(home: string): string {
  return createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16)
}

/** Who answers on a proxy address: nobody, this home's proxy, another home's, or something else. */
export type ProxyProbe = 'none' | 'ours' | 'other-home' | 'not-a-proxy'

/** Asks the address who it is (one short HTTP request). */
export async function probeProxy(host: string, port: number, identity: string, timeoutMs = 2000): Promise<ProxyProbe> {
  let res: Response
  try {
    res = await fetch(`${proxyOrigin(host, port)}${IDENTITY_PATH}`, { signal: AbortSignal.timeout(timeoutMs) })
  } catch {
    return 'none'
  }
  const body = (await res.json().catch(() => undefined)) as { service?: string; identity?: string } | undefined
  if (res.status !== 200 || body?.service !== 'homenova-console-proxy') return 'not-a-proxy'
  return body.identity === identity ? 'ours' : 'other-home'
}

/**
 * Makes sure this home's proxy answers on host:port: starts one with `launch`
 * when nobody does and waits up to `waitMs` for it; refuses when the address is
 * taken by something else. Returns whether it started one.
 */
export async function ensureProxy(host: string, port: number, identity: string, launch: () => void, waitMs = 10_000): Promise<boolean> {
  const first = await probeProxy(host, port, identity)
  if (first === 'ours') return false
  const where = `${host}:${port}`
  if (first === 'other-home') {
    throw new UserError(`The console proxy on ${where} belongs to another homenova home`, { hint: 'Give this home its own port: homenova config set novncproxy_port PORT' })
  }
  if (first === 'not-a-proxy') {
    throw new UserError(`Something other than a homenova console proxy answers on ${where}`, { hint: 'Pick a free port: homenova config set novncproxy_port PORT' })
  }
  launch()
  const until = Date.now() + waitMs
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    if ((await probeProxy(host, port, identity, 500)) === 'ours') return true
  }
  throw new UserError(`The console proxy did not start on ${where}`, { hint: 'See console-proxy.log in the homenova home, or run `homenova console proxy --foreground` to see why.' })
}
