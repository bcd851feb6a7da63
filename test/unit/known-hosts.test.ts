// homenova's known_hosts: `host add` can be the first command of a new home,
// so recording a key makes the home (private) rather than failing.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { KnownHosts } from '../../src/hypervisor/ssh/known-hosts.js'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('records a key into a home that does not exist yet, and knows it after', () => {
  dir = mkdtempSync(join(tmpdir(), 'homenova-known-'))
  const path = join(dir, 'new-home', 'known_hosts')
  // an ed25519 public key blob: its type string, then 32 bytes
  const type = Buffer.from('ssh-ed25519')
  const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)])
  new KnownHosts(path).record('[127.0.0.1]:2202', blob)
  expect(readFileSync(path, 'utf8')).toBe(`[127.0.0.1]:2202 ssh-ed25519 ${blob.toString('base64')}\n`)
  expect(statSync(join(dir, 'new-home')).mode & 0o777).toBe(0o700)
  expect(statSync(path).mode & 0o777).toBe(0o600)
  expect(new KnownHosts(path).check('[127.0.0.1]:2202', blob)).toEqual({ kind: 'match' })
})
