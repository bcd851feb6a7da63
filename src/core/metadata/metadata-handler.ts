// nova-api-metadata without the sockets: find the instance a request comes from
// (handler.py: a proxy's signed X-Instance-ID, else the requester's address) and
// answer the path from the same documents the config drive carries (base.py lookup).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { metadataSource } from '../conductor/context.js'
import type { Server, State } from '../store/schema.js'
import {
  OPENSTACK_VERSIONS, ec2MetaData, metaDataJson, networkDataJson, vendorData2Json, vendorDataJson, versionAtLeast,
} from './instance-metadata.js'
import type { MetadataSource, OpenStackVersion } from './instance-metadata.js'

/** One HTTP request as the handler needs it; header names in any case. */
export interface MetadataRequest {
  path: string
  remoteAddress: string
  headers: Record<string, string | undefined>
}

/** How the service trusts its callers. */
export interface MetadataConfig {
  /** Nova's metadata_proxy_shared_secret; '' refuses every proxied (X-Instance-ID) request. */
  sharedSecret: string
  /** Take the requester from X-Forwarded-For (Nova's use_forwarded_for): only behind a proxy that sets it. */
  trustForwarded?: boolean
}

/** The answer, plus what the request log says: whose request it was, or why it was turned away. */
export interface MetadataResponse {
  status: number
  contentType: string
  body: string | Buffer
  instanceId?: string
  reason?: string
}

const TEXT = 'text/plain'
const text = (status: number, body: string, reason?: string): MetadataResponse => ({ status, contentType: TEXT, body, ...(reason ? { reason } : {}) })
const json = (doc: unknown): MetadataResponse => ({ status: 200, contentType: 'application/json', body: JSON.stringify(doc) })
const notFound = (reason: string): MetadataResponse => text(404, 'Not found\n', reason)

/** The EC2 metadata versions Nova answers, oldest first (base.py VERSIONS). */
export const EC2_VERSIONS = ['1.0', '2007-01-19', '2007-03-01', '2007-08-29', '2007-10-10', '2007-12-15', '2008-02-01', '2008-09-01', '2009-04-04'] as const

/** Answers one metadata request against the state as it is now. */
export function handleMetadataRequest(state: State, req: MetadataRequest, config: MetadataConfig): MetadataResponse {
  // Path tokens as posixpath.normpath leaves them: no empty parts, "." dropped, ".." climbs.
  const tokens: string[] = []
  for (const part of req.path.split('?')[0].split('/')) {
    if (part === '..') tokens.pop()
    else if (part !== '' && part !== '.') tokens.push(part)
  }
  // Nova answers the version list before asking who is calling.
  if (tokens.length === 0) return text(200, [...EC2_VERSIONS, 'latest'].join('\n'))
  const found = identify(state, req, config)
  if ('refused' in found) return found.refused
  const { server } = found
  const answer = tokens[0] === 'openstack' ? openstack(state, server, tokens.slice(1)) : ec2(state, server, tokens[0] === 'ec2' ? tokens.slice(1) : tokens, found.address)
  return { ...answer, instanceId: server.id }
}

function identify(state: State, req: MetadataRequest, config: MetadataConfig): { server: Server; address: string } | { refused: MetadataResponse } {
  const header = (name: string): string | undefined => Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1]
  const live = state.servers.filter((s) => s.vmState !== 'deleted')
  // Node reports IPv4 callers of a dual-stack socket as ::ffff:a.b.c.d.
  const remote = req.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  const instanceId = header('x-instance-id')
  if (instanceId !== undefined) {
    if (config.sharedSecret === '') return { refused: text(403, 'Proxied requests are disabled: metadata_proxy_shared_secret is not set.\n', `proxy path disabled (X-Instance-ID ${instanceId} from ${remote})`) }
    if (!signatureMatches(config.sharedSecret, instanceId, header('x-instance-id-signature'))) {
      return { refused: text(403, 'Invalid proxy request signature.\n', `bad signature for X-Instance-ID ${instanceId} from ${remote}`) }
    }
    const tenant = header('x-tenant-id')
    if (tenant === undefined) return { refused: text(400, 'X-Tenant-ID header is missing from request.\n', `no X-Tenant-ID with X-Instance-ID ${instanceId}`) }
    const server = live.find((s) => s.id === instanceId)
    // A tenant that does not own the instance learns no more than an unknown id (Nova: 404 both).
    if (!server || server.projectId !== tenant) return { refused: notFound(`no instance ${instanceId} in project ${tenant}`) }
    return { server, address: header('x-forwarded-for')?.split(',')[0].trim() ?? remote }
  }
  const forwarded = config.trustForwarded ? header('x-forwarded-for')?.split(',')[0].trim() : undefined
  const address = forwarded || remote
  const server = live.find((s) => Object.values(s.addresses).some((list) => list.some((a) => a.addr === address)))
  return server ? { server, address } : { refused: notFound(`no instance has address ${address}`) }
}

/** Whether `signature` is hex HMAC-SHA256(secret, instanceId), compared in constant time. */
export function signatureMatches(secret: string, instanceId: string, signature: string | undefined): boolean {
  if (signature === undefined) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(instanceId).digest('hex'))
  const given = Buffer.from(signature)
  // The expected length is public (64 hex digits); only the content must not leak.
  return given.length === expected.length && timingSafeEqual(given, expected)
}

// The live service knows what the config drive was not given: the image and the flavor as they are now.
const sourceOf = (state: State, server: Server): MetadataSource => ({ ...metadataSource(state, server), imageId: server.imageId, flavorName: server.flavor.name })

function openstack(state: State, server: Server, tokens: string[]): MetadataResponse {
  if (tokens.length === 0) return text(200, [...OPENSTACK_VERSIONS, 'latest'].join('\n'))
  const version = tokens[0] as OpenStackVersion
  if (version !== 'latest' && !(OPENSTACK_VERSIONS as readonly string[]).includes(version)) return notFound(`unknown version ${tokens[0]}`)
  const src = sourceOf(state, server)
  // What this version has, in Nova's order (_handle_version); no password: homenova does not take POSTs.
  const documents = [
    'meta_data.json',
    ...(src.userData !== null ? ['user_data'] : []),
    ...(versionAtLeast(version, '2013-10-17') ? ['vendor_data.json'] : []),
    ...(versionAtLeast(version, '2015-10-15') ? ['network_data.json'] : []),
    ...(versionAtLeast(version, '2016-10-06') ? ['vendor_data2.json'] : []),
  ]
  if (tokens.length === 1) return text(200, documents.join('\n'))
  const name = tokens.slice(1).join('/')
  if (!documents.includes(name)) return notFound(`no ${name} in version ${version}`)
  if (name === 'user_data') return { status: 200, contentType: TEXT, body: src.userData ?? Buffer.alloc(0) }
  if (name === 'network_data.json') return json(networkDataJson(src))
  if (name === 'vendor_data.json') return json(vendorDataJson())
  if (name === 'vendor_data2.json') return json(vendorData2Json())
  // A fresh seed per request, as Nova draws one per lookup.
  return json(metaDataJson(src, { version, randomSeed: randomBytes(512) }))
}

// The EC2 tree as Nova walks it (find_path_in_tree): a directory lists its keys,
// sub-trees with a trailing "/", or under a label ("0=keyname") where EC2 has one.
interface Ec2Dir { entries: Record<string, Ec2Node>; label?: string }
type Ec2Node = string | Buffer | Ec2Dir
const isDir = (n: Ec2Node): n is Ec2Dir => typeof n === 'object' && !Buffer.isBuffer(n)
const toNode = (value: unknown): Ec2Node =>
  value === null || value === undefined ? ''
  : Array.isArray(value) ? value.map(String).join('\n')
  : typeof value === 'object' ? { entries: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toNode(v)])) }
  : String(value)

// Keys older EC2 versions do not have, and the version that added each (get_ec2_metadata).
const EC2_KEY_SINCE: Record<string, string> = {
  'local-hostname': '2007-01-19', 'public-hostname': '2007-01-19', 'public-ipv4': '2007-01-19',
  'instance-type': '2007-08-29', 'block-device-mapping': '2007-12-15', placement: '2008-02-01', 'instance-action': '2008-09-01',
}

function ec2(state: State, server: Server, tokens: string[], address: string): MetadataResponse {
  if (tokens.length === 0) return text(200, [...EC2_VERSIONS, 'latest'].join('\n'))
  const version = tokens[0] === 'latest' ? EC2_VERSIONS[EC2_VERSIONS.length - 1] : tokens[0]
  const rank = (EC2_VERSIONS as readonly string[]).indexOf(version)
  if (rank < 0) return notFound(`unknown version ${tokens[0]}`)
  const src = sourceOf(state, server)
  const meta = ec2MetaData(src)
  for (const [key, first] of Object.entries(EC2_KEY_SINCE)) if (rank < (EC2_VERSIONS as readonly string[]).indexOf(first)) delete meta[key]
  // Unlike the config drive, the service knows the addresses: Nova's fixed IP, else the requester's own.
  const all = Object.values(server.addresses).flat()
  meta['local-ipv4'] = all.find((a) => a.type === 'fixed' && a.version === 4)?.addr ?? address
  if ('public-ipv4' in meta) meta['public-ipv4'] = all.find((a) => a.type === 'floating')?.addr ?? ''
  const root = toNode({ 'meta-data': meta }) as Ec2Dir
  const keys = (root.entries['meta-data'] as Ec2Dir).entries['public-keys']
  if (keys !== undefined && isDir(keys) && keys.entries['0'] !== undefined && isDir(keys.entries['0'])) keys.entries['0'].label = `0=${src.keyName}`
  if (src.userData !== null) root.entries['user-data'] = src.userData

  let node: Ec2Node = root
  for (const token of tokens.slice(1)) {
    const next: Ec2Node | undefined = isDir(node) && Object.hasOwn(node.entries, token) ? node.entries[token] : undefined
    if (next === undefined) return notFound(`no ${tokens.join('/')}`)
    node = next
  }
  if (Buffer.isBuffer(node)) return { status: 200, contentType: TEXT, body: node }
  if (!isDir(node)) return text(200, node)
  const listing = Object.keys(node.entries).sort().map((k) => {
    const child = node.entries[k]
    return isDir(child) ? (child.label ?? `${k}/`) : k
  })
  return text(200, listing.join('\n'))
}
