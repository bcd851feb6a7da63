// Keypairs as Nova keeps them: an OpenSSH public key line (or an x509
// certificate) and its fingerprint. The OpenSSH formats come from ssh2 through
// hypervisor/ssh/key-codec.ts, loaded lazily: only keypair commands pay for it.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto'
import { UserError } from '../errors.js'

/** Key types homenova accepts from users (no DSA, no certificates, no FIDO keys, as Nova's guests' sshd would refuse most). */
export const PUBLIC_KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const
/** The algorithms `keypair create` can generate. */
export type GeneratedKeyType = 'ed25519' | 'rsa'
/** RSA keys shorter than this are refused (ssh-keygen's own minimum for new keys is 1024; 2048 is the safe floor). */
export const MIN_RSA_BITS = 2048

// Nova's keypair name rule (API 2.92: letters, digits, space, '_', '-', '.', '@'),
// without leading or trailing spaces, as Nova refused before 2.92.
const KEYPAIR_NAME_RE = /^(?! )[A-Za-z0-9 _.@-]{1,255}(?<! )$/
const EXAMPLE = '`ssh-ed25519 AAAA... comment`'
const TYPES_HINT = `Use one of ${PUBLIC_KEY_TYPES.join(', ')} (RSA with ${MIN_RSA_BITS} bits or more).`

/** Throws a UserError unless `name` is a valid keypair name. */
export function checkKeypairName(name: string): void {
  if (!KEYPAIR_NAME_RE.test(name)) {
    throw new UserError(`Invalid keypair name ${JSON.stringify(name)}`, {
      hint: "Use 1-255 letters, digits, spaces, '_', '-', '.' or '@', without leading or trailing spaces.",
    })
  }
}

/** Validates one OpenSSH public key line; returns it normalized as `type base64 [comment]`. */
export async function parsePublicKey(text: string): Promise<string> {
  const line = text.trim()
  if (line === '') throw notPublicKey('the key is empty')
  // Never echo the text back: it may be a private key.
  if (/PRIVATE KEY|PuTTY-User-Key-File/.test(line)) throw notPublicKey('a private key was given?', 'Give the .pub file, or derive the public key with `ssh-keygen -y -f PRIVATE_KEY_FILE`.')
  if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(line)) throw notPublicKey('this is a PEM public key', 'Convert it with `ssh-keygen -i -m PKCS8 -f FILE`.')
  if (line.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')) throw notPublicKey('this is an RFC 4716 (SSH2) public key', 'Convert it with `ssh-keygen -i -f FILE`.')
  if (line.includes('\n')) throw notPublicKey('give exactly one key line', 'Take one line of the file (an authorized_keys file may hold several keys).')
  const [type = '', data = '', ...comment] = line.split(/\s+/)
  if (!(PUBLIC_KEY_TYPES as readonly string[]).includes(type)) {
    if (/^(ssh|ecdsa|sk)-[\w@.-]+$/.test(type)) throw new UserError(`Unsupported SSH key type ${type}`, { hint: TYPES_HINT })
    throw notPublicKey('it does not start with a key type')
  }
  const blob = Buffer.from(data, 'base64')
  if (data === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data) || blob.toString('base64') !== data) throw damaged(type)
  const { readPublicKey } = await import('../../hypervisor/ssh/key-codec.js')
  const parsed = readPublicKey(`${type} ${data}`)
  // ssh2 skips trailing bytes and the curve name: its re-encoding must give back the same blob.
  if (!parsed || !parsed.blob.equals(blob)) throw damaged(type)
  let key
  try {
    key = createPublicKey(parsed.pem) // checks that an ECDSA point is on its curve
  } catch {
    throw damaged(type)
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (type === 'ssh-rsa' && bits < MIN_RSA_BITS) {
    throw new UserError(`The RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are needed`, { hint: 'Make a new key with `ssh-keygen -t ed25519` (or `-t rsa -b 3072`).' })
  }
  return [type, data, ...comment].join(' ')
}

/** Nova's fingerprint of an SSH public key line: MD5 of the key blob, lower-case hex pairs joined by ':'. */
export function fingerprint(publicKey: string): string {
  const data = publicKey.trim().split(/\s+/)[1] ?? ''
  return colonHex(createHash('md5').update(Buffer.from(data, 'base64')).digest('hex'))
}

/** Validates a PEM x509 certificate (Nova's x509 keypairs); returns it and Nova's fingerprint (SHA-1 of the DER). */
export function parseCertificate(text: string): { certificate: string; fingerprint: string } {
  let cert: X509Certificate
  try {
    cert = new X509Certificate(text.trim())
  } catch {
    throw new UserError('Not a PEM x509 certificate: it should start with -----BEGIN CERTIFICATE-----', {
      hint: 'Give the certificate file (for example made with `openssl req -x509 -newkey rsa:3072 -nodes -keyout key.pem -out cert.pem`).',
    })
  }
  return { certificate: cert.toString().trim(), fingerprint: cert.fingerprint.toLowerCase() }
}

/** A new keypair in OpenSSH formats: the private key file's text and the public key line. */
export async function generateKeypair(type: GeneratedKeyType, comment: string): Promise<{ privateKey: string; publicKey: string }> {
  const { generateOpenSshKeypair } = await import('../../hypervisor/ssh/key-codec.js')
  return generateOpenSshKeypair(type, comment)
}

function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(':')
}

function notPublicKey(why: string, hint = `Give the contents of a .pub file, such as ~/.ssh/id_ed25519.pub.`): UserError {
  return new UserError(`Not an OpenSSH public key: it should look like ${EXAMPLE}; ${why}`, { hint })
}

function damaged(type: string): UserError {
  return new UserError(`The ${type} public key is damaged: its key data is truncated or is not valid`, { hint: 'Copy the whole line from the .pub file again.' })
}
