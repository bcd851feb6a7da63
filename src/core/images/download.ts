// Image data by URL (Glance's web-download import): fetched over http or https
// into the registry's own `<id>.part` file, hashed on the way, and registered
// only when every byte announced has arrived, the user's checksum matches and
// the content passed the same inspection as a file upload. Anything short of
// that removes the partial file (placeImageFile) and registers nothing.
// Node's http/https modules rather than fetch: they report a dropped
// connection as an error on the body stream and need no extra dependency.
import { createHash, type Hash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { get as httpGet, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError } from '../errors.js'
import type { Image } from '../store/schema.js'
import type { Digests } from './digests.js'
import { inspectImage } from './inspect.js'
import { checkProperties, imageRecord, placeImageFile, type ImageAttributes } from './registry.js'

/** A checksum the user expects the data to have (`--checksum sha256:HEX`). */
export interface ExpectedChecksum {
  algorithm: 'sha256' | 'sha512' | 'md5'
  hex: string
}

/** Called as bytes arrive; `total` is the Content-Length, if the server sent one. */
export type DownloadProgress = (received: number, total: number | undefined) => void

/** How a download may go. */
export interface DownloadOptions {
  checksum?: ExpectedChecksum
  onProgress?: DownloadProgress
  /** Redirects followed before giving up (curl's and Glance's default is 5 or so). */
  maxRedirects?: number
  /** Milliseconds without a byte before the download is abandoned. */
  idleTimeoutMs?: number
}

const HEX_LENGTH: Record<ExpectedChecksum['algorithm'], number> = { md5: 32, sha256: 64, sha512: 128 }

/** Parses `ALGO:HEX` (sha256, sha512 or md5); a bare 64-hex value is taken as sha256. */
export function parseChecksum(text: string): ExpectedChecksum {
  const m = /^(?:(sha256|sha512|md5):)?([0-9a-fA-F]+)$/.exec(text.trim())
  const algorithm = (m?.[1] ?? (m && m[2].length === 64 ? 'sha256' : undefined)) as ExpectedChecksum['algorithm'] | undefined
  if (!m || !algorithm || m[2].length !== HEX_LENGTH[algorithm]) {
    throw new UserError(`--checksum ${JSON.stringify(text)} is not ALGO:HEX`, { hint: 'Give sha256:<64 hex digits>, sha512:<128 hex digits> or md5:<32 hex digits>, as the image publisher lists them.' })
  }
  return { algorithm, hex: m[2].toLowerCase() }
}

/** Parses the URL and refuses schemes other than http and https. */
export function parseImageUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UserError(`${JSON.stringify(text)} is not a URL`, { hint: 'Give an http:// or https:// URL, or a local file with --file.' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}`, { hint: 'Download it yourself and import it with --file.' })
  }
  return url
}

/** Downloads `url` into the registry directory, checks and inspects it, and describes it; the caller records it. */
export async function importImageUrl(imagesDir: string, name: string, urlText: string, attrs: ImageAttributes = {}, options: DownloadOptions = {}): Promise<Image> {
  checkProperties(attrs.properties ?? {})
  const url = parseImageUrl(urlText)
  const label = redacted(url)
  return placeImageFile(imagesDir, async (partial) => {
    const digests = await download(url, partial, options)
    const inspected = await inspectImage(partial, digests.size, attrs.diskFormat, label)
    return { digests, inspected }
  }, (id, file, { digests, inspected }) => imageRecord(id, name, file, digests, inspected, { ...attrs, properties: { ...(attrs.properties ?? {}) } }))
}

// A URL for messages: no user:password.
const redacted = (url: URL) => (url.username || url.password ? `${url.protocol}//${url.host}${url.pathname}${url.search}` : url.href)

/** Fetches `url` into `target`, following redirects; returns the digests of what arrived, after checking length and checksum. */
export async function download(url: URL, target: string, options: DownloadOptions = {}): Promise<Digests> {
  const res = await open(url, options.maxRedirects ?? 5, options.idleTimeoutMs ?? 30_000)
  const lengthHeader = res.headers['content-length']
  const total = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined
  const sha256 = createHash('sha256')
  const md5 = createHash('md5')
  const extra: Hash | undefined = options.checksum?.algorithm === 'sha512' ? createHash('sha512') : undefined
  let size = 0
  const counting = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sha256.update(chunk)
      md5.update(chunk)
      extra?.update(chunk)
      size += chunk.length
      if (total !== undefined && size > total) return done(new UserError(`${redacted(url)} sent more than the ${total} bytes its Content-Length announced`, { hint: 'The server is misbehaving; nothing was registered.' }))
      options.onProgress?.(size, total)
      done(null, chunk)
    },
  })
  try {
    await pipeline(res, counting, createWriteStream(target, { flags: 'wx', mode: 0o600 }))
  } catch (err) {
    if (err instanceof UserError) throw err
    throw new UserError(`The download of ${redacted(url)} broke off after ${size}${total !== undefined ? ` of ${total}` : ''} bytes: ${(err as Error).message}`, {
      hint: 'Nothing was registered. Try again, or download the file yourself and import it with --file.', cause: err,
    })
  }
  if (total !== undefined && size !== total) {
    throw new UserError(`The download of ${redacted(url)} ended after ${size} of the ${total} bytes its Content-Length announced`, {
      hint: 'Nothing was registered. The connection or the server cut the file short; try again.',
    })
  }
  const digests = { sha256: sha256.digest('hex'), md5: md5.digest('hex'), size }
  const want = options.checksum
  if (want) {
    const got = want.algorithm === 'sha256' ? digests.sha256 : want.algorithm === 'md5' ? digests.md5 : extra!.digest('hex')
    if (got !== want.hex) {
      throw new UserError(`The ${want.algorithm} of ${redacted(url)} is ${got}, not the ${want.hex} given with --checksum`, {
        hint: 'Nothing was registered. Check the checksum the publisher lists, or the URL.',
      })
    }
  }
  return digests
}

/** GETs `url`, following up to `redirects` redirects; resolves with a 200 response, or a UserError. */
function open(url: URL, redirects: number, idleTimeoutMs: number, seen: string[] = []): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const getter = url.protocol === 'https:' ? httpsGet : httpGet
    const req = getter(url, { headers: { 'user-agent': 'homenova-image-import', accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (status >= 300 && status < 400 && location) {
        res.resume()
        let next: URL
        try {
          next = new URL(location, url)
        } catch {
          return reject(new UserError(`${redacted(url)} redirects to ${JSON.stringify(location)}, which is not a URL`, { hint: 'Nothing was registered.' }))
        }
        const trail = [...seen, url.href]
        if (trail.includes(next.href) || trail.length > redirects) {
          return reject(new UserError(`${redacted(url)} redirects ${trail.includes(next.href) ? 'in a loop' : `more than ${redirects} times`} (${[...trail, next.href].map((u) => redacted(new URL(u))).join(' -> ')})`, {
            hint: 'Nothing was registered. Give the final URL of the file.',
          }))
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return reject(new UserError(`${redacted(url)} redirects to a ${next.protocol} URL`, { hint: 'Only http and https are followed.' }))
        return resolve(open(next, redirects, idleTimeoutMs, trail))
      }
      if (status !== 200) {
        res.resume()
        return reject(new UserError(`${redacted(url)} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, { hint: 'Nothing was registered. Check the URL.' }))
      }
      // Idle, not total: a big image over a slow link takes as long as it takes.
      res.setTimeout(idleTimeoutMs, () => res.destroy(new Error(`no data for ${idleTimeoutMs / 1000} s`)))
      resolve(res)
    })
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no answer within ${idleTimeoutMs / 1000} s`)))
    req.on('error', (err) =>
      reject(new UserError(`Cannot download ${redacted(url)}: ${err.message}`, { hint: 'Nothing was registered. Check the URL and that the server is reachable.', cause: err })),
    )
  })
}
