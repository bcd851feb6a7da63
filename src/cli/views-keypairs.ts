// Keypairs as the CLI shows them, in openstack's field names (snake_case).
import type { Keypair } from '../core/store/schema.js'
import { fieldNames } from './output.js'

/** A keypair as `keypair show` and --json give it. */
export function keypairView(k: Keypair) {
  return {
    name: k.name,
    fingerprint: k.fingerprint,
    type: k.type,
    public_key: k.publicKey,
    user_id: k.userId,
    created_at: k.createdAt,
  }
}
/** The JSON shape of a keypair. */
export type KeypairView = ReturnType<typeof keypairView>

/** The fields of `keypair show` and `keypair create` (the public key is printed alone with --public-key). */
export const KEYPAIR_FIELDS = fieldNames<Omit<KeypairView, 'public_key'>>()(['name', 'fingerprint', 'type', 'user_id', 'created_at'])

/** The Field/Value pairs of `keypair show` and `keypair create`: the key itself is long, so `--public-key` prints it alone. */
export function keypairFields(v: KeypairView): Record<string, unknown> {
  const { public_key: _publicKey, ...fields } = v
  return fields
}

/** One row of `keypair list`. */
export function keypairRow(k: Keypair): string[] {
  return [k.name, k.fingerprint, k.type]
}
/** Header of `keypair list`. */
export const KEYPAIR_HEAD = ['Name', 'Fingerprint', 'Type']
