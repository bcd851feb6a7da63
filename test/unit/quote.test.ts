// The quoting function is what stands between user text and a remote shell.
// These tests run the quoted command line through real shells and check that
// every argument arrives byte for byte, with nothing executed.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandLine, shellQuote } from '../../src/hypervisor/quote.js'

const hostile = [
  "it's",
  '"double" and \'single\'',
  '$(touch PWNED)',
  '`touch PWNED`',
  '${HOME}',
  '$HOME',
  'a; touch PWNED',
  'a && touch PWNED',
  'a | touch PWNED',
  'line1\nline2\ntouch PWNED',
  'tab\there',
  'back\\slash\\',
  '*',
  '~',
  '!',
  '-rf',
  '--option=value with spaces',
  '',
  ' ',
  "'",
  "''",
  "'\\''",
  'ünïcødé ✓ 日本語',
  '> PWNED',
  '#comment',
  '\r\u001b[31mred',
]

const shells = ['sh', 'bash', 'dash'].filter((s) => existsSync(`/bin/${s}`))

describe('commandLine', () => {
  for (const shell of shells) {
    it(`delivers every hostile argument unchanged through ${shell}, executing nothing`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'quote-'))
      // printf prints each argument followed by a NUL, so we can split them apart exactly.
      const line = commandLine(['printf', '%s\\0', ...hostile])
      const out = execFileSync(`/bin/${shell}`, ['-c', line], { cwd: dir })
      const args = out.toString('utf8').split('\0').slice(0, -1)
      expect(args).toEqual(hostile)
      expect(readdirSync(dir)).toEqual([])
    })
  }

  it('leaves plain words readable', () => {
    expect(commandLine(['virsh', '-c', 'qemu:///session', 'domstate', 'instance-0a1b2c3d'])).toBe('virsh -c qemu:///session domstate instance-0a1b2c3d')
  })

  it('quotes the empty string so it stays an argument', () => {
    expect(shellQuote('')).toBe("''")
  })

  it('refuses a NUL byte, which no shell argument can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/)
  })

  it('refuses an empty command', () => {
    expect(() => commandLine([])).toThrow(/Empty/)
  })
})
