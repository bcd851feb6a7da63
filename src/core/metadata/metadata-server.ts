// The metadata service on a socket (nova-api-metadata): node:http around the
// pure handler, the store read afresh for every request so a server created or
// deleted a moment ago is answered for at once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Store } from '../store/store.js'
import { handleMetadataRequest, type MetadataResponse } from './metadata-handler.js'

/** What the service runs with. */
export interface MetadataServerOptions {
  store: Pick<Store, 'read'>
  /** Port 0 takes any free port; the one taken is in the result. */
  listen: { host: string; port: number }
  /** Read once at start, as Nova reads nova.conf: a changed secret needs a restart. */
  sharedSecret: string
  trustForwarded?: boolean
  /** Gets one line per request: method, path, status, and whose request it was or why it was turned away. */
  log?: (line: string) => void
}

/** A running metadata service. */
export interface MetadataServer {
  address: string
  port: number
  /** Stops listening and drops idle keep-alive connections, so the process can exit. */
  close(): Promise<void>
}

/** Starts the metadata service; resolves once it listens. */
export async function startMetadataServer(options: MetadataServerOptions): Promise<MetadataServer> {
  const log = options.log ?? (() => {})
  const config = { sharedSecret: options.sharedSecret, trustForwarded: options.trustForwarded ?? false }

  const answer = async (req: IncomingMessage): Promise<MetadataResponse> => {
    // Guests only read; Nova's one write (POST password) is not offered.
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, contentType: 'text/plain', body: 'Only GET and HEAD are allowed.\n', reason: 'method not allowed' }
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value
    const state = await options.store.read()
    return handleMetadataRequest(state, { path: req.url ?? '/', remoteAddress: req.socket.remoteAddress ?? '', headers }, config)
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    answer(req)
      .catch((err: unknown): MetadataResponse => ({ status: 500, contentType: 'text/plain', body: 'Internal error.\n', reason: err instanceof Error ? err.message : String(err) }))
      .then((r) => {
        const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body
        const headers = { 'Content-Type': r.contentType, 'Content-Length': body.length, ...(r.status === 405 ? { Allow: 'GET, HEAD' } : {}) }
        res.writeHead(r.status, headers)
        res.end(req.method === 'HEAD' ? undefined : body)
        const who = r.reason ? (r.instanceId ? `instance ${r.instanceId}: ${r.reason}` : `refused: ${r.reason}`) : r.instanceId ? `instance ${r.instanceId}` : ''
        log(`${req.method ?? '?'} ${req.url ?? '/'} ${r.status}${who ? ` ${who}` : ''}`)
      })
      .catch(() => res.destroy()) // the client went away mid-answer; nothing left to tell it
  }

  const server = createServer(onRequest)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = server.address() as AddressInfo
  return {
    address: bound.address,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
