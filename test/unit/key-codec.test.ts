// Keys homenova generates must load in OpenSSH: ssh2's generator cuts the first
// byte of an Ed25519 public key that starts with zero (one key in 256).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterEach, expect, it, vi } from 'vitest'
import { generateOpenSshKeypair } from '../../src/hypervisor/ssh/key-codec.js'

afterEach(() => vi.restoreAllMocks())

// A key ssh2 1.17 made whose public key began with a zero byte, as it wrote it.
const CUT_KEY = {
  private: `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMgAAAAtz
c2gtZWQyNTUxOQAAAB/ow5bRDigo5RGI3ritMzBOg5RhvQJllqbt5MdPr4JdAAAA
iBiHXUkYh11JAAAAC3NzaC1lZDI1NTE5AAAAH+jDltEOKCjlEYjeuK0zME6DlGG9
AmWWpu3kx0+vgl0AAAA/i7xyLtyb4d84arGLmjIsh2wd+mz4+u3Uy7hGsnHA42Ho
w5bRDigo5RGI3ritMzBOg5RhvQJllqbt5MdPr4JdAAAAAXgBAgMEBQY=
-----END OPENSSH PRIVATE KEY-----
`,
  public: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAH+jDltEOKCjlEYjeuK0zME6DlGG9AmWWpu3kx0+vgl0 x',
}

const dir = mkdtempSync(join(tmpdir(), 'homenova-key-codec-'))
/** What `ssh-keygen -y` derives from a private key file, or its error. */
function opensshPublicOf(privateKey: string): string {
  const file = join(dir, 'key')
  writeFileSync(file, privateKey, { mode: 0o600 })
  try {
    return execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8', stdio: 'pipe' }).trim()
  } catch (err) {
    return `error: ${String((err as { stderr?: string }).stderr).trim()}`
  } finally {
    execFileSync('rm', ['-f', file])
  }
}

it('never hands out a cut Ed25519 key: the one ssh2 cut is drawn again', () => {
  expect(opensshPublicOf(CUT_KEY.private)).toContain('error in libcrypto') // what a user got
  const real = ssh2.utils.generateKeyPairSync.bind(ssh2.utils)
  const spy = vi.spyOn(ssh2.utils, 'generateKeyPairSync').mockReturnValueOnce(CUT_KEY).mockImplementation((...args: Parameters<typeof real>) => real(...args))
  const pair = generateOpenSshKeypair('ed25519', 'me@home')
  expect(spy).toHaveBeenCalledTimes(2)
  expect(pair.publicKey).not.toBe(CUT_KEY.public)
  expect(opensshPublicOf(pair.privateKey)).toBe(pair.publicKey)
})

it('makes 2,000 Ed25519 keys whose public keys are all 32 bytes (about 8 would have been cut)', () => {
  for (let i = 0; i < 2000; i++) {
    const { publicKey } = generateOpenSshKeypair('ed25519', 'x')
    const parsed = ssh2.utils.parseKey(publicKey)
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error(`unreadable: ${publicKey}`)
    expect(parsed.getPublicSSH().length).toBe(4 + 'ssh-ed25519'.length + 4 + 32)
  }
})

it('makes RSA keys OpenSSH reads', () => {
  const pair = generateOpenSshKeypair('rsa', 'me@home')
  expect(opensshPublicOf(pair.privateKey)).toBe(pair.publicKey)
})
