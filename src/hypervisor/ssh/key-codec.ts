// OpenSSH key formats through ssh2, for keypairs: core does not import ssh2
// itself (the house rule), so it loads this module when a keypair needs it.
import ssh2 from 'ssh2'

/** A public key as ssh2 reads it: its SSH wire blob and PEM, or undefined if ssh2 cannot read it as a public key. */
export function readPublicKey(line: string): { blob: Buffer; pem: string } | undefined {
  const parsed = ssh2.utils.parseKey(line)
  if (parsed instanceof Error || Array.isArray(parsed) || parsed.isPrivateKey()) return undefined
  return { blob: parsed.getPublicSSH(), pem: parsed.getPublicPEM() }
}

/** A new keypair in OpenSSH formats: the private key file's text and the public key line. */
export function generateOpenSshKeypair(type: 'ed25519' | 'rsa', comment: string): { privateKey: string; publicKey: string } {
  if (type === 'rsa') {
    const pair = ssh2.utils.generateKeyPairSync('rsa', { bits: 3072, comment })
    return { privateKey: pair.private, publicKey: pair.public.trim() }
  }
  // ssh2 (1.17) strips every leading zero byte of an Ed25519 public key, taking
  // them for the DER bit string's padding: one key in 256 comes out 31 bytes
  // long, and OpenSSH refuses both halves ("error in libcrypto"). Such a key is
  // drawn again; a complete one is 32 bytes, whatever its first byte.
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment })
    if (ed25519KeyBytes(pair.public) === 32) return { privateKey: pair.private, publicKey: pair.public.trim() }
  }
}

/** The length of the key in an `ssh-ed25519 AAAA...` line (its wire blob: string "ssh-ed25519", string key). */
function ed25519KeyBytes(line: string): number {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64')
  const nameLength = blob.readUInt32BE(0)
  return blob.length >= 8 + nameLength ? blob.readUInt32BE(4 + nameLength) : -1
}
