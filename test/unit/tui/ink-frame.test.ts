// The bundled ink's frame caches (src/tui/ink-frame.ts, patched in by
// inkCachesPlugin): frame after frame, the patched Output must make exactly
// the text ink's own makes, and a different ink must fail the build.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error the build script is plain JavaScript
import { inkCachesPlugin } from '../../../scripts/build.mjs'

const INK_OUTPUT = resolve('node_modules/ink/build/output.js')
const dir = mkdtempSync(join(tmpdir(), 'ink-frame-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface OutputLike {
  write(x: number, y: number, text: string, options: { transformers: Array<(s: string, i: number) => string> }): void
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void
  unclip(): void
  get(): { output: string; height: number }
}
type OutputClass = new (size: { width: number; height: number }) => OutputLike

async function bundledOutput(name: string, plugins: unknown[]): Promise<OutputClass> {
  const file = join(dir, `${name}.mjs`)
  await build({ stdin: { contents: `export { default } from ${JSON.stringify(INK_OUTPUT)}`, resolveDir: process.cwd() }, outfile: file, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent', plugins: plugins as never })
  return (await import(pathToFileURL(file).href)).default
}

// A small deterministic random source, so a failure can be replayed.
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

const STYLES = ['\x1b[1m', '\x1b[2m', '\x1b[7m', '\x1b[31m', '\x1b[32m', '\x1b[38;5;208m', '\x1b[44m', '\x1b[22m', '\x1b[39m', '\x1b[0m', '\x1b[1;31m', '\x1b[38;2;10;20;30m', '\x1b[m']
// What is not a plain SGR code or printable ASCII, in lines that are otherwise (the frame caches take a shorter way with those)
const ODD = ['\x1b[2K', '\x1b', '\x1b[', '\x1b[1', '\x1b]8;;https://x\x07', '\x1b]8;;\x07', '\x1b[;1m', '\t', '\x7f', 'e\u0301', '\x9b31m']
const WORDS = ['vm-00012', 'ACTIVE', 'SHUTOFF', '漢字', '▇▇▇░░', 'é', '😀', ' ', '  ', 'sim01', '│']
const ASCII_WORDS = ['vm-00012', 'ACTIVE', 'SHUTOFF', ' ', '  ', 'sim01', '|', '~', '[m']

function line(next: () => number): string {
  const ascii = next() < 0.5
  let text = ''
  const parts = 1 + Math.floor(next() * 8)
  for (let i = 0; i < parts; i++) {
    if (next() < 0.4) text += STYLES[Math.floor(next() * STYLES.length)]
    if (ascii && next() < 0.05) text += ODD[Math.floor(next() * ODD.length)]
    const words = ascii ? ASCII_WORDS : WORDS
    text += words[Math.floor(next() * words.length)]
  }
  return next() < 0.5 ? `${text}\x1b[0m` : text
}

type Op = { write: [number, number, string] } | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } } | { unclip: true }

/** A screen's worth of writes, like a table: a few changing lines over a mostly stable screen. */
function frames(seed: number, count: number, width: number, height: number): Op[][] {
  const next = random(seed)
  const lines = Array.from({ length: height + 4 }, () => Array.from({ length: 1 + Math.floor(next() * 2) }, () => line(next)).join('\n'))
  const out: Op[][] = []
  let top = 0
  for (let f = 0; f < count; f++) {
    for (let changes = Math.floor(next() * 3); changes > 0; changes--) lines[Math.floor(next() * lines.length)] = line(next)
    if (next() < 0.2) top = (top + (next() < 0.5 ? 1 : lines.length - 1)) % lines.length // scrolls by a line
    const ops: Op[] = []
    const clipped = next() < 0.3
    if (clipped) ops.push({ clip: { x1: 2, x2: width - 3, y1: 1, y2: height - 1 } })
    for (let y = 0; y < height; y++) ops.push({ write: [next() < 0.1 ? Math.floor(next() * width) : 0, y, lines[(top + y) % lines.length]] })
    if (clipped) ops.push({ unclip: true })
    out.push(ops)
  }
  return out
}

function draw(Output: OutputClass, ops: Op[], width: number, height: number): string {
  const output = new Output({ width, height })
  for (const op of ops) {
    if ('write' in op) output.write(...op.write, { transformers: [] })
    else if ('clip' in op) output.clip(op.clip)
    else output.unclip()
  }
  return output.get().output
}

describe('the bundled ink frame caches', () => {
  it('make the very text ink makes, frame after frame', async () => {
    const [Ink, Patched] = await Promise.all([bundledOutput('ink', []), bundledOutput('patched', [inkCachesPlugin])])
    for (const [seed, width, height] of [
      [1, 40, 12],
      [2, 120, 40],
      [3, 17, 5],
    ]) {
      for (const ops of frames(seed, 150, width, height)) expect(draw(Patched, ops, width, height)).toBe(draw(Ink, ops, width, height))
    }
    // and what the dashboard draws most: the same lines again, with a cursor row moving
    const rows = Array.from({ length: 10 }, (_, i) => `\x1b[32m vm-${i}\x1b[39m  ACTIVE  sim01`)
    for (let cursor = 0; cursor < 10; cursor++) {
      const ops: Op[] = rows.map((r, y) => ({ write: [0, y, y === cursor ? `\x1b[7m${r}\x1b[27m` : r] }))
      expect(draw(Patched, ops, 40, 10)).toBe(draw(Ink, ops, 40, 10))
    }
  })

  it('fails the build when ink is not the version it was made for', async () => {
    const fake = join(dir, 'node_modules/ink/build')
    mkdirSync(fake, { recursive: true })
    copyFileSync(INK_OUTPUT, join(fake, 'output.js'))
    writeFileSync(join(fake, 'output.js'), readFileSync(INK_OUTPUT, 'utf8').replace('this.width = width;', 'this.width = width; // changed'))
    await expect(
      build({ entryPoints: [join(fake, 'output.js')], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent', plugins: [inkCachesPlugin] }),
    ).rejects.toThrow(/is not the file inkCachesPlugin/)
  })
})
