// The dashboard's bundle is loaded through a V8 code cache (src/cli/code-cache.ts):
// the first run keeps one, the next takes it, a cache V8 refuses is made again,
// a rebuilt bundle gets a new one (the old one goes, another install's stays), and a directory other
// users could write is never read.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { codeCacheDir } from '../../src/cli/code-cache.js'

let work: string
let bundle: string
let dir: string
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'homenova-code-cache-'))
  bundle = join(work, 'bundle.cjs')
  dir = join(work, 'cache')
  writeBundle(1)
})
afterEach(() => rmSync(work, { recursive: true, force: true }))

// A bundle with enough code for V8 to cache, that uses what a CommonJS module has.
function writeBundle(version: number): void {
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${version} }`).join('\n')
  writeFileSync(
    bundle,
    `'use strict'\n${functions}\nexports.version = ${version}\nexports.sum = () => [${Array.from({ length: 200 }, (_, i) => `f${i}(1)`).join(',')}].reduce((a, b) => a + b)\nexports.file = __filename\nexports.dir = require('node:path').resolve(__dirname)\nexports.later = () => Promise.resolve().then(() => typeof require('node:os').cpus)\n`,
  )
}

// Each load in a process of its own, as each dashboard start is (within one
// process V8 reuses what it compiled, cache or not).
const LOADER = join(import.meta.dirname, '../../src/cli/code-cache.ts')
interface Run {
  cacheUsed: boolean
  sum: number
  version: number
  file: string
  dir: string
  later: string
}
// The script is the same text in every run (node's -e text is among the flags a
// cache is kept per); what varies comes in the environment.
const SCRIPT = `
  import { loadWithCodeCache } from ${JSON.stringify(LOADER)}
  const run = loadWithCodeCache(process.env.CC_BUNDLE, process.env.CC_DIR)
  const e = run.exports
  const out = { cacheUsed: run.cacheUsed, sum: e.sum(), version: e.version, file: e.file, dir: e.dir, later: await e.later() }
  if (process.env.CC_SAVE) run.saveCache()
  console.log(JSON.stringify(out))`
function load(options: { save?: boolean; cacheDir?: string; bundle?: string; nodeFlags?: string[] } = {}): Run {
  const env = { ...process.env, CC_BUNDLE: options.bundle ?? bundle, CC_DIR: options.cacheDir ?? dir, CC_SAVE: options.save ? '1' : '' }
  return JSON.parse(execFileSync(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', env })) as Run
}
const caches = () => readdirSync(dir).filter((n) => n.endsWith('.v8cache'))

it('keeps a cache after the first run and takes it in the next', () => {
  const first = load({ save: true })
  expect(first).toEqual({ cacheUsed: false, sum: 20100, version: 1, file: bundle, dir: work, later: 'function' })
  expect(caches()).toHaveLength(1)
  const file = join(dir, caches()[0])
  expect(statSync(file).mode & 0o777).toBe(0o600)
  expect(statSync(dir).mode & 0o777).toBe(0o700)
  const written = statSync(file).mtimeMs
  expect(load({ save: true })).toMatchObject({ cacheUsed: true, sum: 20100 })
  expect(statSync(file).mtimeMs).toBe(written) // taken, so not written again
})

it('makes the cache again when V8 refuses it', () => {
  load({ save: true })
  const file = join(dir, caches()[0])
  writeFileSync(file, 'not a cache')
  expect(load({ save: true })).toMatchObject({ cacheUsed: false, sum: 20100 })
  expect(readFileSync(file, 'utf8')).not.toBe('not a cache')
  expect(load()).toMatchObject({ cacheUsed: true })
})

it('keeps the caches of two installs side by side, each taken by its own', () => {
  const other = join(work, 'other-install', 'bundle.cjs')
  mkdirSync(join(work, 'other-install'))
  writeFileSync(other, readFileSync(bundle))
  load({ save: true })
  load({ save: true, bundle: other })
  expect(caches()).toHaveLength(2)
  expect(load()).toMatchObject({ cacheUsed: true })
  expect(load({ bundle: other })).toMatchObject({ cacheUsed: true, file: other })
  // a rebuild of one replaces its own cache only
  writeBundle(2)
  load({ save: true })
  expect(caches()).toHaveLength(2)
  expect(load({ bundle: other })).toMatchObject({ cacheUsed: true, version: 1 })
})

it('keeps a cache per set of node flags, as V8 refuses one made under others', () => {
  const flags = ['--max-semi-space-size=4']
  load({ save: true })
  load({ save: true, nodeFlags: flags })
  expect(caches()).toHaveLength(2)
  expect(load()).toMatchObject({ cacheUsed: true })
  expect(load({ nodeFlags: flags })).toMatchObject({ cacheUsed: true })
})

it('gives a rebuilt bundle a cache of its own and removes the old one', () => {
  load({ save: true })
  const old = caches()[0]
  writeBundle(2)
  expect(load({ save: true })).toMatchObject({ cacheUsed: false, version: 2 })
  expect(caches()).toHaveLength(1)
  expect(caches()[0]).not.toBe(old)
  expect(load()).toMatchObject({ cacheUsed: true, version: 2 })
})

it('neither reads nor writes a cache directory other users can write', () => {
  load({ save: true })
  chmodSync(dir, 0o777)
  const file = join(dir, caches()[0])
  expect(load({ save: true })).toMatchObject({ cacheUsed: false, sum: 20100 })
  writeFileSync(file, 'planted')
  expect(load({ save: true })).toMatchObject({ cacheUsed: false, sum: 20100 })
  expect(readFileSync(file, 'utf8')).toBe('planted')
})

it('runs the bundle when the cache directory cannot be made', () => {
  writeFileSync(join(work, 'file'), '')
  expect(load({ save: true, cacheDir: join(work, 'file', 'cache') })).toMatchObject({ cacheUsed: false, sum: 20100 })
})

it('keeps caches under XDG_CACHE_HOME, else ~/.cache', () => {
  expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/homenova')
  expect(codeCacheDir({})).toMatch(/\/\.cache\/homenova$/)
})
