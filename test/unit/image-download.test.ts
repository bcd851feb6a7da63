// The pure parts of `image create --url`: the --checksum syntax, the URL
// schemes taken, and the progress bar's text.
import { describe, expect, it } from 'vitest'
import { progressLine } from '../../src/cli/byte-progress.js'
import { parseChecksum, parseImageUrl } from '../../src/core/images/download.js'

describe('image download', () => {
  it('reads ALGO:HEX checksums, and a bare 64-hex value as sha256', () => {
    expect(parseChecksum(`sha256:${'AB'.repeat(32)}`)).toEqual({ algorithm: 'sha256', hex: 'ab'.repeat(32) })
    expect(parseChecksum('md5:' + 'c'.repeat(32))).toEqual({ algorithm: 'md5', hex: 'c'.repeat(32) })
    expect(parseChecksum('e'.repeat(64))).toEqual({ algorithm: 'sha256', hex: 'e'.repeat(64) })
    expect(parseChecksum('sha512:' + '1'.repeat(128)).algorithm).toBe('sha512')
  })

  it('refuses other algorithms and hex of the wrong length', () => {
    for (const bad of ['sha1:' + 'a'.repeat(40), 'md5:' + 'a'.repeat(31), 'sha256:xyz', 'a'.repeat(32), '']) {
      expect(() => parseChecksum(bad), bad).toThrow(/is not ALGO:HEX/)
    }
  })

  it('takes http and https URLs only', () => {
    expect(parseImageUrl('https://example.org/a.img').hostname).toBe('example.org')
    expect(() => parseImageUrl('file:///etc/passwd')).toThrow(/Only http and https/)
    expect(() => parseImageUrl('not a url')).toThrow(/is not a URL/)
  })

  it('draws a bar with the share and the sizes, or the bytes alone without a Content-Length', () => {
    expect(progressLine('Downloading x', 512 * 1024, 1024 * 1024, 10)).toBe('Downloading x [#####.....]  50% 0.5 MiB of 1.0 MiB')
    expect(progressLine('Downloading x', 3 * 1024 * 1024, undefined)).toBe('Downloading x 3.0 MiB')
  })
})
