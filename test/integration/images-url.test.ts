// `image create --url` through the built CLI against an HTTP server in this
// test on 127.0.0.1: a qcow2 made with qemu-img arrives whole, with its
// checksum checked; a connection dropped half-way, a 404, a body shorter than
// its Content-Length, a checksum mismatch and a redirect loop register
// nothing and leave no partial file next to the registry.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageView } from '../../src/cli/views-images.js'
import { commandLine } from '../../src/hypervisor/quote.js'
import { BIN, fakeCluster, type CliHome } from '../helpers/cli.js'

describe('image create --url', () => {
  let cli: CliHome
  let server: Server
  let base: string
  let qcow2: Buffer
  const hits: string[] = []

  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    const file = join(cli.home, 'served.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '32M'])
    // Some data clusters, so the file is bigger than one write.
    execFileSync('qemu-io', ['-c', 'write -P 0x5a 0 4M', file], { stdio: 'ignore' })
    qcow2 = readFileSync(file)
    server = createServer((req, res) => {
      hits.push(req.url ?? '')
      const half = qcow2.subarray(0, Math.floor(qcow2.length / 2))
      switch (req.url) {
        case '/disk.qcow2':
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': qcow2.length })
          return res.end(qcow2)
        case '/moved':
          res.writeHead(302, { location: '/disk.qcow2' })
          return res.end()
        case '/loop':
          res.writeHead(301, { location: '/loop' })
          return res.end()
        case '/drop.qcow2':
          // Announce the whole file, send half, then cut the connection.
          res.writeHead(200, { 'content-length': qcow2.length })
          res.write(half, () => setTimeout(() => req.socket.destroy(), 50))
          return
        case '/short.qcow2':
          // A body that ends cleanly but shorter than its Content-Length.
          res.writeHead(200, { 'content-length': qcow2.length, connection: 'close' })
          return res.end(half)
        default:
          res.writeHead(404, { 'content-type': 'text/plain' })
          return res.end('not here\n')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const imagesDir = () => join(cli.home, 'images')
  const hex = (algo: string) => createHash(algo).update(qcow2).digest('hex')

  it('downloads a qcow2, checks its checksum and registers it with its hashes; nothing is drawn on a pipe', async () => {
    const r = await cli.run('image', 'create', 'web', '--url', `${base}/disk.qcow2`, '--checksum', `sha256:${hex('sha256')}`, '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    const image = JSON.parse(r.stdout) as ImageView & { id: string }
    expect(image).toMatchObject({ name: 'web', status: 'active', disk_format: 'qcow2', size: qcow2.length, virtual_size: 32 * 1024 * 1024, checksum: hex('md5'), os_hash_value: hex('sha256') })
    const stored = readFileSync(join(imagesDir(), image.id))
    expect(stored.equals(qcow2)).toBe(true)
    expect(readdirSync(imagesDir()).filter((f) => f.endsWith('.part'))).toEqual([])
  })

  it('follows a redirect and takes an md5 checksum', async () => {
    const image = await cli.json<ImageView>('image', 'create', 'moved', '--url', `${base}/moved`, '--checksum', `md5:${hex('md5')}`)
    expect(image).toMatchObject({ disk_format: 'qcow2', checksum: hex('md5') })
  })

  it('draws a progress bar on stderr when it is a terminal', async () => {
    // util-linux's script gives the CLI a pseudo-terminal, as a user's terminal would.
    const r = await execa('script', ['-qfec', commandLine(['node', BIN, 'image', 'create', 'tty', '--url', `${base}/disk.qcow2`]), '/dev/null'], {
      env: { HOMENOVA_HOME: cli.home, NODE_ENV: 'production' },
      reject: false,
    })
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/Downloading tty \[[#.]+\]\s+\d+% [\d.]+ MiB of [\d.]+ MiB/)
    expect(r.stdout).toContain('100%')
  })

  const refusedWithNothingLeft = async (args: string[], message: RegExp) => {
    const state = cli.stateBytes()
    const files = readdirSync(imagesDir()).sort()
    const r = await cli.run('image', 'create', 'bad', ...args)
    expect(r.code, r.stdout).toBe(1)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toMatch(/Nothing was registered/)
    expect(cli.stateBytes()).toBe(state)
    expect(readdirSync(imagesDir()).sort()).toEqual(files)
  }

  it('registers nothing and leaves no file when the connection drops half-way', async () => {
    await refusedWithNothingLeft(['--url', `${base}/drop.qcow2`], /download of http:\/\/127\.0\.0\.1:\d+\/drop\.qcow2 (broke off|ended) after \d+ of \d+ bytes/)
  })

  it('registers nothing for a body shorter than its Content-Length', async () => {
    await refusedWithNothingLeft(['--url', `${base}/short.qcow2`], new RegExp(`(broke off|ended) after \\d+ of ${qcow2.length} bytes`))
  })

  it('registers nothing for an HTTP error', async () => {
    await refusedWithNothingLeft(['--url', `${base}/nothing.qcow2`], /answered HTTP 404 Not Found/)
  })

  it('registers nothing when the checksum does not match', async () => {
    await refusedWithNothingLeft(['--url', `${base}/disk.qcow2`, '--checksum', `sha256:${'0'.repeat(64)}`], new RegExp(`sha256 of .* is ${hex('sha256')}, not the 0{64} given`))
  })

  it('registers nothing for a redirect loop', async () => {
    await refusedWithNothingLeft(['--url', `${base}/loop`], /redirects in a loop/)
  })

  it('refuses bad input before downloading anything', async () => {
    const before = hits.length
    for (const [args, message] of [
      [['--url', 'ftp://127.0.0.1/x'], /Only http and https URLs/],
      [['--url', `${base}/disk.qcow2`, '--checksum', 'sha1:abc'], /is not ALGO:HEX/],
      [['--url', `${base}/disk.qcow2`, '--file', '/etc/hostname'], /--file|--url/],
    ] as const) {
      const state = cli.stateBytes()
      const r = await cli.run('image', 'create', 'bad', ...args)
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(message)
      expect(cli.stateBytes()).toBe(state)
    }
    expect(hits.length).toBe(before)
    expect(existsSync(join(imagesDir(), 'bad'))).toBe(false)
  })
})
