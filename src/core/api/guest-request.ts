// Checks what `server create` asks the guest to learn: its key, user data,
// metadata (properties) and hostname, with Nova's limits, before anything is
// recorded. Every problem is a UserError that says what to do.
import { UserError } from '../errors.js'
import { hostnameProblem, sanitizeHostname } from '../model/hostname.js'
import type { SchedulerConfig } from '../scheduler/config.js'
import type { State } from '../store/schema.js'
import { limitsOf, type QuotaName } from '../model/quotas.js'
import type { Caller } from './caller.js'

/** Nova's limit on user data: 65,535 bytes once base64-encoded (its database column). */
export const MAX_USER_DATA_BASE64 = 65535
/** Nova's limit on a metadata key's and value's length (the item count is the metadata_items quota). */
export const MAX_PROPERTY_LENGTH = 255

/** The quotas that bound metadata and personality files (see model/quotas.ts; Nova's defaults 128, 5, 10240, 255). */
export type GuestLimits = Pick<Record<QuotaName, number>, 'metadata_items' | 'injected_files' | 'injected_file_content_bytes' | 'injected_file_path_bytes'>
const within = (limit: number, n: number) => limit < 0 || n <= limit

/** What the user asked the guest to be given. */
export interface GuestAsk {
  keyName?: string
  userData?: Buffer
  /** Personality files: where in the guest, and the contents. */
  files?: { path: string; data: Buffer }[]
  properties?: Record<string, string>
  hostname?: string
  /** `--config-drive`: asked for explicitly (force_config_drive gives one anyway). */
  configDrive?: boolean
}

/** The checked ask, in the form a server records it. */
export interface CheckedGuest {
  keyName: string | null
  keyData: string | null
  userData: string | null
  properties: Record<string, string>
  files: { path: string; contents: string }[]
  configDrive: boolean
  /** The hostname of the server at `index` (0-based) of `count`, from its name unless `--hostname` was given. */
  hostnameOf(name: string, uuid: string, index: number, count: number): string
}

/** Checks server metadata against the metadata_items quota and Nova's lengths (also used by `server set --property`). */
export function checkProperties(properties: Record<string, string>, existing: Record<string, string>, maxItems: number): void {
  const total = Object.keys({ ...existing, ...properties }).length
  if (!within(maxItems, total)) {
    throw new UserError(`A server can have at most ${maxItems} properties (the metadata_items quota); this would give it ${total}`, { hint: 'Keep fewer, put larger data in --user-data, or raise the quota: homenova quota set --metadata-items N.' })
  }
  for (const [key, value] of Object.entries(properties)) {
    if (key.length === 0 || key.length > MAX_PROPERTY_LENGTH) throw new UserError(`Property key ${JSON.stringify(key.slice(0, 40))}... must be 1 to ${MAX_PROPERTY_LENGTH} characters (it has ${key.length})`)
    if (value.length > MAX_PROPERTY_LENGTH) throw new UserError(`Property ${key} is ${value.length} characters long; Nova allows ${MAX_PROPERTY_LENGTH}`, { hint: 'Put longer data in --user-data.' })
  }
}

/** The public key of the caller's keypair `name` (a server keeps a copy, as Nova's key_data). */
export function keyDataOf(state: State, name: string, caller: Caller): string {
  const keypair = state.keypairs.find((k) => k.name === name && k.userId === caller.userId)
  if (!keypair) {
    throw new UserError(`No keypair named ${JSON.stringify(name)}`, { hint: 'List keypairs with `homenova keypair list`; make one with `homenova keypair create NAME`.' })
  }
  return keypair.publicKey
}

/** User data base64-encoded as Nova keeps it, refused past Nova's limit. */
export function encodeUserData(data: Buffer): string {
  const encoded = data.toString('base64')
  if (encoded.length > MAX_USER_DATA_BASE64) {
    throw new UserError(`User data is ${encoded.length} bytes once base64-encoded; Nova's limit is ${MAX_USER_DATA_BASE64} (about 48 KiB before encoding)`, {
      hint: 'Compress it (cloud-init reads gzip), or have it fetch the rest from inside the guest.',
    })
  }
  return encoded
}

/** Checks personality files against the injected_file* quotas; returns them as a server records them. */
export function checkFiles(files: { path: string; data: Buffer }[], limits: GuestLimits): { path: string; contents: string }[] {
  const { injected_files: most, injected_file_path_bytes: pathMax, injected_file_content_bytes: bytesMax } = limits
  if (!within(most, files.length)) throw new UserError(`At most ${most} files can be given (the injected_files quota); got ${files.length}`, { hint: 'Put them in one archive, or deliver them with --user-data.' })
  for (const f of files) {
    if (!f.path.startsWith('/') || !within(pathMax, Buffer.byteLength(f.path))) throw new UserError(`--file ${JSON.stringify(f.path.slice(0, 60))}: the guest path must be absolute and at most ${pathMax} bytes (the injected_file_path_bytes quota)`)
    if (!within(bytesMax, f.data.length)) throw new UserError(`--file ${f.path} is ${f.data.length} bytes; the injected_file_content_bytes quota allows ${bytesMax} per file`, { hint: 'Deliver larger content with --user-data, or fetch it from inside the guest.' })
  }
  return files.map((f) => ({ path: f.path, contents: f.data.toString('base64') }))
}

/** Checks and resolves the guest part of a create request. */
export function checkGuest(state: State, ask: GuestAsk, caller: Caller, config: SchedulerConfig): CheckedGuest {
  const keyData = ask.keyName === undefined ? null : keyDataOf(state, ask.keyName, caller)
  const userData = ask.userData === undefined ? null : encodeUserData(ask.userData)
  const properties = ask.properties ?? {}
  const limits = limitsOf(state, caller.projectId)
  checkProperties(properties, {}, limits.metadata_items)
  const files = checkFiles(ask.files ?? [], limits)
  if (ask.hostname !== undefined) {
    const problem = hostnameProblem(ask.hostname)
    if (problem) throw new UserError(`--hostname ${JSON.stringify(ask.hostname)} ${problem}`)
  }
  const given = ask.hostname?.toLowerCase()
  return {
    keyName: ask.keyName ?? null,
    keyData,
    userData,
    properties,
    files,
    // Files reach the guest only on a config drive: asking for them asks for one.
    configDrive: files.length > 0 || config.force_config_drive || ask.configDrive === true,
    // Several servers from one --hostname get -1, -2... as their names do.
    hostnameOf: (name, uuid, index, count) => (given ? (count > 1 ? `${given}-${index + 1}` : given) : sanitizeHostname(name, uuid)),
  }
}
