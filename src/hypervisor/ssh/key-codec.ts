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
  const pair = type === 'rsa' ? ssh2.utils.generateKeyPairSync('rsa', { bits: 3072, comment }) : ssh2.utils.generateKeyPairSync('ed25519', { comment })
  return { privateKey: pair.private, publicKey: pair.public.trim() }
}
