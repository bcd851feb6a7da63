// Bad input is refused before anything is recorded: exit 1, one line that says
// what to do, and a store that is byte-for-byte what it was.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CliHome, fakeCluster } from '../helpers/cli.js'

describe('refused input leaves the store untouched', () => {
  let cli: CliHome
  beforeAll(async () => {
    cli = await fakeCluster([['sim1']])
    // Two servers with one name, to make the name ambiguous.
    await cli.json('server', 'create', 'twin', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await cli.json('server', 'create', 'twin', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
  })

  const sshKey = () => {
    const p = join(cli.home, 'id_test')
    if (!existsSync(p)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', p])
    return p
  }
  const notAnImage = () => {
    const p = join(cli.home, 'notes.txt')
    writeFileSync(p, 'just some text\n')
    return p
  }

  const cases: Array<[string, () => string[], RegExp]> = [
    ['an unknown flavor', () => ['server', 'create', 'x', '--flavor', 'm9.huge', '--image', 'tiny'], /No flavor named or with ID "m9.huge"/],
    ['an unknown image', () => ['server', 'create', 'x', '--flavor', 'm1.tiny', '--image', 'nope'], /No image named or with ID "nope"/],
    ['an unknown server', () => ['server', 'delete', 'ghost'], /No server named or with ID "ghost"/],
    ['a name that matches two servers', () => ['server', 'delete', 'twin'], /"twin" matches 2 servers/],
    ['an invalid server name', () => ['server', 'create', ' bad\tname', '--flavor', 'm1.tiny', '--image', 'tiny'], /Invalid server name/],
    ['an invalid host name', () => ['host', 'add', 'bad name!', '--driver', 'fake'], /Invalid host name/],
    ['an image file that does not exist', () => ['image', 'create', 'x', '--file', '/nonexistent/disk.img'], /does not exist/],
    ['an image file that is not an image', () => ['image', 'create', 'x', '--file', notAnImage()], /not a disk image/],
    ['a duplicate host', () => ['host', 'add', 'sim1', '--driver', 'fake'], /already exists/],
    ['a host that does not answer', () => ['host', 'add', 'gone', '--address', '127.0.0.1', '--port', '9', '--identity', sshKey()], /SSH to .*@127.0.0.1:9 refused the connection/],
    ['an SSH identity that is not a key', () => ['host', 'add', 'gone', '--address', '127.0.0.1', '--identity', notAnImage()], /Cannot use SSH identity/],
  ]

  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = cli.stateBytes()
      const r = await cli.run(...args())
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).toMatch(/^Hint: /m)
      expect(cli.stateBytes()).toBe(before)
    })
  }

  it('prints errors as JSON with --json', async () => {
    const r = await cli.run('server', 'show', 'ghost', '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: 'No server named or with ID "ghost"', hint: 'List them with `homenova server list`.' } })
  })
})
