// Keys as users bring them: real ssh-keygen output, checked against ssh-keygen's
// own fingerprints; damaged, private and weak keys refused with what to do.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkKeypairName, fingerprint, generateKeypair, parseCertificate, parsePublicKey } from '../../src/core/model/keypairs.js'

const dir = mkdtempSync(join(tmpdir(), 'homenova-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Makes a key with ssh-keygen; returns the private key's path. */
function sshKeygen(name: string, ...args: string[]): string {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', `${name}@test`, '-f', file, ...args])
  return file
}
const pub = (file: string) => readFileSync(`${file}.pub`, 'utf8')
/** ssh-keygen's MD5 fingerprint, without its "MD5:" prefix. */
const md5Of = (file: string) => /MD5:([0-9a-f:]+)/.exec(execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', file], { encoding: 'utf8' }))?.[1]

const KEYS: Array<[string, string[]]> = [
  ['ed25519', ['-t', 'ed25519']],
  ['rsa2048', ['-t', 'rsa', '-b', '2048']],
  ['ecdsa256', ['-t', 'ecdsa', '-b', '256']],
  ['ecdsa384', ['-t', 'ecdsa', '-b', '384']],
  ['ecdsa521', ['-t', 'ecdsa', '-b', '521']],
]

describe('parsePublicKey and fingerprint', () => {
  it.each(KEYS)('accepts an %s key and fingerprints it as ssh-keygen -E md5 does', async (name, args) => {
    const file = sshKeygen(name, ...args)
    const line = await parsePublicKey(`  ${pub(file)}\n`)
    expect(line).toBe(pub(file).trim())
    expect(fingerprint(line)).toBe(md5Of(`${file}.pub`))
    expect(fingerprint(line)).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
  })

  it('refuses a private key without echoing it', async () => {
    const secret = readFileSync(sshKeygen('private', '-t', 'ed25519'), 'utf8')
    const err = await parsePublicKey(secret).catch((e: Error & { hint?: string }) => e)
    expect(err).toMatchObject({ name: 'UserError', message: expect.stringMatching(/^Not an OpenSSH public key: .*a private key was given\?$/), hint: expect.stringContaining('ssh-keygen -y') })
    expect(JSON.stringify(err) + String(err)).not.toContain(secret.split('\n')[1])
  })

  it('refuses garbage, other formats and unsupported types', async () => {
    await expect(parsePublicKey('')).rejects.toThrow(/the key is empty/)
    await expect(parsePublicKey('hello world')).rejects.toThrow(/^Not an OpenSSH public key: it should look like `ssh-ed25519 AAAA\.\.\. comment`/)
    await expect(parsePublicKey('-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----')).rejects.toThrow(/PEM public key/)
    await expect(parsePublicKey('ssh-dss AAAAB3NzaC1kc3MAAACBAP== old')).rejects.toThrow(/^Unsupported SSH key type ssh-dss$/)
    const two = `${pub(sshKeygen('one', '-t', 'ed25519'))}${pub(sshKeygen('two', '-t', 'ed25519'))}`
    await expect(parsePublicKey(two)).rejects.toThrow(/exactly one key line/)
  })

  it('refuses a truncated, padded or corrupted key blob', async () => {
    const [type, data] = pub(sshKeygen('damaged', '-t', 'ed25519')).split(' ')
    const blob = Buffer.from(data, 'base64')
    const withBlob = (b: Buffer) => parsePublicKey(`${type} ${b.toString('base64')} x`)
    await expect(withBlob(blob.subarray(0, blob.length - 5))).rejects.toThrow(/^The ssh-ed25519 public key is damaged/)
    await expect(withBlob(Buffer.concat([blob, Buffer.from([0, 0, 0, 1, 7])]))).rejects.toThrow(/damaged/)
    await expect(parsePublicKey(`${type} ${data.slice(0, -7)} x`)).rejects.toThrow(/damaged/)
    const [ecType, ecData] = pub(sshKeygen('badpoint', '-t', 'ecdsa', '-b', '256')).split(' ')
    const point = Buffer.from(ecData, 'base64')
    point[point.length - 1] ^= 0xff // no longer on the curve
    await expect(parsePublicKey(`${ecType} ${point.toString('base64')}`)).rejects.toThrow(/damaged/)
  })

  it('refuses an RSA key shorter than 2048 bits', async () => {
    await expect(parsePublicKey(pub(sshKeygen('rsa1024', '-t', 'rsa', '-b', '1024')))).rejects.toThrow('The RSA key has 1024 bits; at least 2048 are needed')
  })
})

describe('generateKeypair', () => {
  it.each(['ed25519', 'rsa'] as const)('makes an %s pair that ssh-keygen reads', async (type) => {
    const { privateKey, publicKey } = await generateKeypair(type, 'Generated-by-test')
    expect(await parsePublicKey(publicKey)).toBe(publicKey)
    expect(publicKey).toMatch(type === 'rsa' ? /^ssh-rsa \S+ Generated-by-test$/ : /^ssh-ed25519 \S+ Generated-by-test$/)
    const file = join(dir, `generated-${type}`)
    writeFileSync(file, privateKey, { mode: 0o600 })
    const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' })
    expect(derived.split(' ').slice(0, 2)).toEqual(publicKey.split(' ').slice(0, 2))
    if (type === 'rsa') expect(execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' })).toMatch(/^3072 /)
  })
})

describe('checkKeypairName', () => {
  it("allows Nova's characters and refuses others", () => {
    for (const ok of ['mykey', 'my key', 'me@laptop.home_1-2', 'x'.repeat(255)]) expect(() => checkKeypairName(ok)).not.toThrow()
    for (const bad of ['', ' lead', 'trail ', 'a/b', 'ключ', 'x'.repeat(256), 'tab\there']) expect(() => checkKeypairName(bad)).toThrow(/^Invalid keypair name/)
  })
})

describe('parseCertificate', () => {
  it("fingerprints an x509 certificate as Nova does (SHA-1 of the DER) and refuses anything else", () => {
    const key = join(dir, 'cert-key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=test', '-days', '1'], { stdio: 'ignore' })
    const expected = /=([0-9A-F:]+)/.exec(execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' }))?.[1].toLowerCase()
    expect(parseCertificate(readFileSync(cert, 'utf8'))).toEqual({ certificate: readFileSync(cert, 'utf8').trim(), fingerprint: expected })
    expect(() => parseCertificate(pub(sshKeygen('notcert', '-t', 'ed25519')))).toThrow(/^Not a PEM x509 certificate/)
  })
})
