// homenova's own known_hosts file ($HOMENOVA_HOME/known_hosts), in OpenSSH's
// format so an operator can read it or compare it with ~/.ssh/known_hosts.
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** OpenSSH's SHA256 fingerprint of a raw public key blob. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** The key type written at the start of an SSH public key blob (e.g. ssh-ed25519). */
export function keyType(keyBlob: Buffer): string {
  const len = keyBlob.readUInt32BE(0)
  return keyBlob.subarray(4, 4 + len).toString('ascii')
}

/** How OpenSSH names a host in known_hosts: bare for port 22, [addr]:port otherwise. */
export function hostPattern(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`
}

/** The verdict on a presented key. */
export type KeyCheck = { kind: 'match' } | { kind: 'unknown' } | { kind: 'changed'; known: string }

/** Reads and appends homenova's known_hosts file. */
export class KnownHosts {
  constructor(readonly path: string) {}

  check(pattern: string, keyBlob: Buffer): KeyCheck {
    const type = keyType(keyBlob)
    const presented = keyBlob.toString('base64')
    for (const [host, t, key] of this.entries()) {
      if (host !== pattern || t !== type) continue
      if (key === presented) return { kind: 'match' }
      return { kind: 'changed', known: fingerprint(Buffer.from(key, 'base64')) }
    }
    return { kind: 'unknown' }
  }

  record(pattern: string, keyBlob: Buffer): void {
    // `host add` may be the first command of a new home: its directory is made here, private as the store makes it.
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    appendFileSync(this.path, `${pattern} ${keyType(keyBlob)} ${keyBlob.toString('base64')}\n`, { mode: 0o600 })
  }

  private entries(): string[][] {
    if (!existsSync(this.path)) return []
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/))
  }
}
