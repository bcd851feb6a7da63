// The Origin check of a console WebSocket (Nova's websocketproxy does one too):
// a page on another site must not open a console in the user's browser, even
// though it would still need a token. Browsers always send Origin on a
// WebSocket; a client without one is not a browser and is let through, as Nova
// lets it through.

/**
 * Why a WebSocket's Origin is refused, or undefined when it may connect: the
 * Origin's host:port must be the one the browser reached the proxy at (its
 * Host header, so a tunnel such as `ssh -L 16080:127.0.0.1:6080` works), or an
 * allowed origin: `host:port`, or `host` for any port of it.
 */
export function originRefusal(origin: string | undefined, host: string | undefined, allowed: readonly string[]): string | undefined {
  if (origin === undefined) return undefined
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return `Origin ${JSON.stringify(origin)} is not a URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Origin ${JSON.stringify(origin)} is not an http(s) page`
  const own = host ? hostPort(host, url.protocol) : undefined
  const theirs = hostPort(url.host, url.protocol)
  if (own !== undefined && theirs === own) return undefined
  for (const entry of allowed) {
    const e = entry.trim().toLowerCase()
    if (e === theirs || (!/:\d+$/.test(e) && e === url.hostname.toLowerCase())) return undefined
  }
  return `Origin ${origin} is not this proxy (${host ?? 'no Host header'}) nor in console_allowed_origins`
}

// host:port in lower case with the scheme's default port written out, so http://a and a:80 agree.
function hostPort(text: string, protocol: string): string {
  const lower = text.toLowerCase()
  return /:\d+$/.test(lower) ? lower : `${lower}:${protocol === 'https:' ? 443 : 80}`
}
