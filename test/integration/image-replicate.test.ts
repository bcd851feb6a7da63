// glance-replicator's verbs between two homenova homes through the built CLI:
// size, dump, load (same ids, metadata and data; present images skipped; a
// conflicting one reported, exit 1), compare, and a damaged dump that loads
// nothing.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImageView } from '../../src/cli/views-images.js'
import type { ReplicaOutcome } from '../../src/core/images/replicate.js'
import { CliHome, fakeCluster } from '../helpers/cli.js'

type View = ImageView & { id: string; name: string }

describe('image replicate', () => {
  let a: CliHome
  let dir: string
  let deb: View
  beforeAll(async () => {
    a = await fakeCluster([['sim1']])
    const disk = join(a.home, 'deb.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M'])
    deb = await a.json<View>('image', 'create', 'deb', '--file', disk, '--public', '--protected', '--min-disk', '1', '--property', 'os_distro=debian')
    dir = join(mkdtempSync(join(tmpdir(), 'homenova-dump-')), 'images')
  })

  it('says how much a dump holds', async () => {
    const images = await a.json<View[]>('image', 'list', '--long')
    const total = images.reduce((n, i) => n + (i as unknown as { size: number }).size, 0)
    expect(await a.json('image', 'replicate', 'size')).toEqual({ bytes: total, images: 2 })
    expect((await a.run('image', 'replicate', 'size')).stdout).toMatch(new RegExp(`^Total size is ${total} bytes \\(0\\.00 GiB\\) across 2 images$`, 'm'))
  })

  it('dumps records and data, and loads them into another home with the same ids, metadata and data', async () => {
    const dumped = await a.json<ReplicaOutcome[]>('image', 'replicate', 'dump', dir)
    expect(dumped.map((o) => o.action)).toEqual(['dumped', 'dumped'])
    expect(readdirSync(dir).sort()).toEqual(dumped.flatMap((o) => [o.id, `${o.id}.img`]).sort())
    const b = new CliHome()
    const loaded = await b.json<ReplicaOutcome[]>('image', 'replicate', 'load', dir)
    expect(loaded.map((o) => [o.name, o.action])).toEqual(expect.arrayContaining([['tiny', 'loaded'], ['deb', 'loaded']]))
    const there = await b.json<View>('image', 'show', deb.id)
    const { updated_at: _u1, file: _f1, ...want } = deb as View & { updated_at?: string; file?: string }
    const { updated_at: _u2, file: _f2, ...got } = there as View & { updated_at?: string; file?: string }
    expect(got).toEqual(want)
    const data = readFileSync(join(b.home, 'images', deb.id))
    expect(createHash('sha256').update(data).digest('hex')).toBe(deb.os_hash_value)
    // Again: everything is present with the same checksum.
    const again = await b.run('image', 'replicate', 'load', dir, '--json')
    expect(again.code).toBe(0)
    expect((JSON.parse(again.stdout) as ReplicaOutcome[]).map((o) => o.action)).toEqual(['skipped', 'skipped'])
    // Compare: the same, then a changed field shows.
    expect((await b.json<ReplicaOutcome[]>('image', 'replicate', 'compare', dir)).map((o) => o.action)).toEqual(['same', 'same'])
    await b.json('image', 'set', 'deb', '--min-ram', '512')
    const compared = await b.json<ReplicaOutcome[]>('image', 'replicate', 'compare', dir)
    expect(compared.find((o) => o.id === deb.id)).toMatchObject({ action: 'differs', detail: 'minRam (512 != 0)' })
    const local = join(b.home, 'local.raw')
    writeFileSync(local, Buffer.alloc(512 * 4, 3))
    await b.json('image', 'create', 'local', '--file', local)
    expect((await b.json<ReplicaOutcome[]>('image', 'replicate', 'compare', dir)).find((o) => o.name === 'local')?.action).toBe('missing there')
  })

  it('reports an image present with the same id but other data as a conflict and leaves it, exit 1', async () => {
    const b = new CliHome()
    await b.json('image', 'replicate', 'load', dir)
    const other = join(mkdtempSync(join(tmpdir(), 'homenova-dump-')), 'images')
    cpSync(dir, other, { recursive: true })
    const tiny = readdirSync(other).find((f) => !f.endsWith('.img') && JSON.parse(readFileSync(join(other, f), 'utf8')).name === 'tiny')!
    const bytes = Buffer.alloc(1024 * 1024, 0x42)
    writeFileSync(join(other, `${tiny}.img`), bytes)
    const record = JSON.parse(readFileSync(join(other, tiny), 'utf8')) as Record<string, unknown>
    writeFileSync(join(other, tiny), JSON.stringify({ ...record, checksum: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') }))
    const before = b.stateBytes()
    const r = await b.run('image', 'replicate', 'load', other)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`Conflict: image ${tiny} \\(tiny\\): already here as tiny with sha256 [0-9a-f]{64}, the dump has [0-9a-f]{64}`))
    expect(b.stateBytes()).toBe(before)
  })

  it('loads nothing from a damaged dump, leaving no file', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'homenova-dump-')), 'images')
    cpSync(dir, broken, { recursive: true })
    const data = join(broken, `${deb.id}.img`)
    writeFileSync(data, readFileSync(data).subarray(0, 1024))
    const c = new CliHome()
    await c.json('image', 'list')
    const before = c.stateBytes()
    const r = await c.run('image', 'replicate', 'load', broken)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/deb\.img|\.img does not match its record \(size 1024/)
    expect(c.stateBytes()).toBe(before)
    expect(existsSync(join(c.home, 'images')) ? readdirSync(join(c.home, 'images')) : []).toEqual([])
    const missing = await c.run('image', 'replicate', 'load', join(broken, 'nope'))
    expect(missing.stderr).toMatch(/Cannot read the dump directory .*nope: it does not exist/)
  })
})
