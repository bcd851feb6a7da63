// The bundled string-width measures text of ASCII and NARROW_RANGES as its
// length (scripts/build.mjs, stringWidthPlugin), without its Unicode regexes.
// That is exact only if string-width itself gives every such character one
// column: checked here for every code point of the ranges, with ASCII around
// it and in runs, and for the copies the bundle patches.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error the build script is plain JavaScript
import { NARROW_RANGES } from '../../../scripts/build.mjs'
import stringWidth from '../../../node_modules/ink/node_modules/string-width/index.js'

const ROOT = join(import.meta.dirname, '../../..')

function codePoints(): number[] {
  const out: number[] = []
  const ranges = JSON.parse(`"${NARROW_RANGES}"`) as string // "\u2010-\u2027..." as characters
  for (let i = 0; i < ranges.length; i += 3) for (let c = ranges.charCodeAt(i); c <= ranges.charCodeAt(i + 2); c++) out.push(c)
  return out
}

describe('string-width fast path', () => {
  it('covers only characters string-width counts as one column', () => {
    const points = codePoints()
    expect(points).toHaveLength(24 + 112 + 160)
    for (const c of points) {
      const char = String.fromCodePoint(c)
      expect([c.toString(16), stringWidth(char)]).toEqual([c.toString(16), 1])
      expect([c.toString(16), stringWidth(`a${char}b${char}${char}`)]).toEqual([c.toString(16), 5])
    }
    const all = points.map((c) => String.fromCodePoint(c)).join('')
    expect(stringWidth(all)).toBe(all.length)
  })

  it('is patched into the copies of string-width the dashboard bundles (the files the patch was made for)', () => {
    const digest = (path: string) => createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex')
    expect(digest('node_modules/ink/node_modules/string-width/index.js')).toBe(digest('node_modules/cli-truncate/node_modules/string-width/index.js'))
  })
})
