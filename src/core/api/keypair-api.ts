// Keypairs (Nova's os-keypairs): public keys a user can give servers, unique by
// name per user. The private key of a generated pair is returned once and
// never stored. Servers keep their own copy of the key, so deleting a keypair
// changes no server.
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkKeypairName, fingerprint, generateKeypair, parseCertificate, parsePublicKey, type GeneratedKeyType } from '../model/keypairs.js'
import type { Keypair, State } from '../store/schema.js'
import type { Store } from '../store/store.js'
import { checkCount } from '../model/quotas.js'
import { LOCAL_ADMIN, type Caller } from './caller.js'

/** Nova's keypair types: ssh, or x509 (a certificate, for Windows guests). */
export type KeypairType = Keypair['type']

/** What `create` returns: the recorded keypair and the private key, shown once. */
export interface CreatedKeypair {
  keypair: Keypair
  privateKey: string
}

// Nova's comment on the keys it generates is "Generated-by-Nova".
const GENERATED_COMMENT = 'Generated-by-homenova'

/** Keypair operations, for one caller (keypairs belong to users). */
export class KeypairApi {
  constructor(
    private readonly store: Store,
    private readonly caller: Caller = LOCAL_ADMIN,
  ) {}

  /** The caller's keypairs, by name. */
  async list(): Promise<Keypair[]> {
    return this.mine(await this.store.read()).sort((a, b) => a.name.localeCompare(b.name))
  }

  /** One of the caller's keypairs by name. */
  async show(name: string): Promise<Keypair> {
    return this.find(await this.store.read(), name)
  }

  /**
   * Generates a keypair and records its public part; the private key is returned,
   * not kept. `privateKeyFile`: where the caller saves it, remembered for `server ssh`.
   */
  async create(name: string, options: { type?: GeneratedKeyType; keyType?: KeypairType; privateKeyFile?: string } = {}): Promise<CreatedKeypair> {
    if (options.keyType === 'x509') {
      throw new UserError('homenova cannot generate x509 keypairs', { hint: 'Make a certificate with openssl and import it: `homenova keypair create NAME --key-type x509 --public-key cert.pem`.' })
    }
    checkKeypairName(name)
    const before = await this.store.read() // checked before the slow key generation, and again when recorded
    this.refuseTaken(before, name)
    checkCount(before, this.caller.projectId, 'key_pairs', { userId: this.caller.userId })
    const { privateKey, publicKey } = await generateKeypair(options.type ?? 'ed25519', GENERATED_COMMENT)
    const keypair = await this.record(name, 'ssh', publicKey, fingerprint(publicKey), options.privateKeyFile)
    return { keypair, privateKey }
  }

  /** Records a public key the user already has (an OpenSSH line, or a PEM certificate for x509). */
  async import(name: string, publicKeyText: string, keyType: KeypairType = 'ssh'): Promise<Keypair> {
    checkKeypairName(name)
    if (keyType === 'x509') {
      const { certificate, fingerprint: fp } = parseCertificate(publicKeyText)
      return this.record(name, 'x509', certificate, fp)
    }
    const publicKey = await parsePublicKey(publicKeyText)
    return this.record(name, 'ssh', publicKey, fingerprint(publicKey))
  }

  /** Deletes the named keypairs, all or none: an unknown name deletes nothing. */
  async delete(names: readonly string[]): Promise<Keypair[]> {
    const wanted = [...new Set(names)]
    return this.store.transact((state) => {
      const missing = wanted.filter((n) => !this.mine(state).some((k) => k.name === n))
      if (missing.length > 0) {
        throw new UserError(`No keypair named ${missing.map((n) => JSON.stringify(n)).join(', ')}; nothing was deleted`, {
          hint: 'List them with `homenova keypair list`.',
        })
      }
      const deleted = wanted.map((n) => this.find(state, n))
      state.keypairs = state.keypairs.filter((k) => !deleted.includes(k))
      return deleted
    })
  }

  private record(name: string, type: KeypairType, publicKey: string, fp: string, privateKeyFile?: string): Promise<Keypair> {
    return this.store.transact((state) => {
      this.refuseTaken(state, name)
      checkCount(state, this.caller.projectId, 'key_pairs', { userId: this.caller.userId })
      const keypair: Keypair = { name, userId: this.caller.userId, type, publicKey, fingerprint: fp, ...(privateKeyFile ? { privateKeyFile } : {}), createdAt: nowIso() }
      state.keypairs.push(keypair)
      return keypair
    })
  }

  private mine(state: State): Keypair[] {
    return state.keypairs.filter((k) => k.userId === this.caller.userId)
  }

  private find(state: State, name: string): Keypair {
    const keypair = this.mine(state).find((k) => k.name === name)
    if (!keypair) throw new UserError(`No keypair named ${JSON.stringify(name)}`, { hint: 'List them with `homenova keypair list`.' })
    return keypair
  }

  private refuseTaken(state: State, name: string): void {
    if (this.mine(state).some((k) => k.name === name)) {
      throw new UserError(`A keypair named ${name} already exists`, { hint: `Pick another name, or delete it first with \`homenova keypair delete ${name}\`.` })
    }
  }
}
