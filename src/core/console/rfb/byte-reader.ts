// Reads exact byte counts from a stream however its chunks fall: RFB messages
// arrive split across chunks and several to a chunk, and a parser that awaits
// "the next n bytes" reads like the protocol's own description.
import type { Readable } from 'node:stream'

/** Thrown when the stream ends before a message is complete. */
export class StreamEndedError extends Error {
  constructor(readonly wanted: number, readonly had: number, cause?: unknown) {
    super(`the connection closed in the middle of a message (${had} of ${wanted} bytes received)`, { cause })
    this.name = 'StreamEndedError'
  }
}

/** Pulls exact byte counts from a readable stream. */
export class ByteReader {
  private chunks: Buffer[] = []
  private buffered = 0
  private want?: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void }
  private ended = false
  private error?: Error

  constructor(private readonly stream: Readable) {
    stream.on('data', this.onData)
    stream.once('end', () => this.finish())
    stream.once('close', () => this.finish())
    stream.once('error', (e: Error) => this.finish(e))
  }

  /** The next `n` bytes; rejects with StreamEndedError if the stream ends first. */
  read(n: number): Promise<Buffer> {
    if (this.want) return Promise.reject(new Error('ByteReader: one read at a time'))
    if (this.buffered >= n) return Promise.resolve(this.take(n))
    if (this.ended) return Promise.reject(new StreamEndedError(n, this.buffered, this.error))
    // The stream keeps flowing meanwhile: a big rectangle is buffered here until it is whole.
    return new Promise((resolve, reject) => (this.want = { n, resolve, reject }))
  }

  /** Stops listening (the caller is done with the stream). */
  detach(): void {
    this.stream.off('data', this.onData)
    this.finish()
  }

  private readonly onData = (chunk: Buffer) => {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const w = this.want
    if (w && this.buffered >= w.n) {
      this.want = undefined
      w.resolve(this.take(w.n))
    }
  }

  private finish(error?: Error): void {
    if (this.ended) return
    this.ended = true
    this.error = error
    const w = this.want
    if (w) {
      this.want = undefined
      w.reject(new StreamEndedError(w.n, this.buffered, error))
    }
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]
    if (first && first.length >= n) {
      // The common case, and no copy: the message lies within one chunk.
      if (first.length === n) this.chunks.shift()
      else this.chunks[0] = first.subarray(n)
      this.buffered -= n
      return first.subarray(0, n)
    }
    const out = Buffer.allocUnsafe(n)
    let at = 0
    while (at < n) {
      const c = this.chunks[0]
      const use = Math.min(c.length, n - at)
      c.copy(out, at, 0, use)
      at += use
      if (use === c.length) this.chunks.shift()
      else this.chunks[0] = c.subarray(use)
    }
    this.buffered -= n
    return out
  }
}
