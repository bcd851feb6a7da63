// What a guest learns about itself: the documents Nova's metadata API serves and
// its config drive carries (nova/api/metadata/base.py). Pure builders, so the
// config drive and a later metadata HTTP service give the guest the same answers.
import { netmaskOf } from '../model/networks.js'

/** What the metadata of one server is made from. */
export interface MetadataSource {
  uuid: string
  name: string
  /** As the guest should see it; Nova appends its dhcp_domain (default "novalocal"), so pass "vm1.novalocal" to match. */
  hostname: string
  availabilityZone: string
  projectId: string
  launchIndex: number
  keyName: string | null
  /** The OpenSSH public key line. */
  keyData: string | null
  /** Nova server metadata ("meta"). */
  properties: Record<string, string>
  /** Raw bytes, not base64. */
  userData: Buffer | null
  /** The guest NIC's MAC address. */
  mac: string
  /** Nova personality files (`--file DEST=SRC`). */
  files?: { path: string; data: Buffer }[]
  /** The image booted (EC2 ami-id) and the flavor's name (EC2 instance-type). */
  imageId?: string
  flavorName?: string
  /** The network the NIC is on (Nova: the Neutron network id); "default" if not given. */
  networkId?: string
  /** Every NIC in guest order (absent: the one NIC of `mac` on `networkId`); a fixed address is ADDR/PREFIX. */
  nics?: { network: string; mac: string; fixedIp?: string }[]
}

/** Nova's dated OpenStack metadata versions, oldest first (base.py OPENSTACK_VERSIONS). */
export const OPENSTACK_VERSIONS = [
  '2012-08-10', '2013-04-04', '2013-10-17', '2015-10-15', '2016-06-30',
  '2016-10-06', '2017-02-22', '2018-08-27', '2020-10-14',
] as const
/** One of those versions, or "latest" (the newest). */
export type OpenStackVersion = (typeof OPENSTACK_VERSIONS)[number] | 'latest'

/** Whether `requested` is `required` or newer; "latest" is newer than all. */
export function versionAtLeast(requested: OpenStackVersion, required: OpenStackVersion): boolean {
  const rank = (v: OpenStackVersion): number => (v === 'latest' ? OPENSTACK_VERSIONS.length : OPENSTACK_VERSIONS.indexOf(v))
  return rank(requested) >= rank(required)
}

/** Where personality file `index` lives, relative to openstack/ (Nova's "/content/0000"). */
export function contentPath(index: number): string {
  return `/content/${String(index).padStart(4, '0')}`
}

// Nova offers the key only when both the name and the key are known (a keypair
// deleted before it was copied in gives neither public_keys nor keys).
const keyOf = (src: MetadataSource): { name: string; data: string } | undefined =>
  src.keyName !== null && src.keyData !== null ? { name: src.keyName, data: src.keyData } : undefined

/** openstack/<version>/meta_data.json; random_seed only when a seed is given (Nova sends 512 fresh random bytes). */
export function metaDataJson(src: MetadataSource, options: { version?: OpenStackVersion; randomSeed?: Buffer } = {}): Record<string, unknown> {
  const version = options.version ?? 'latest'
  const doc: Record<string, unknown> = { uuid: src.uuid }
  // Nova leaves out meta and files when empty, and public_keys/keys without a key.
  if (Object.keys(src.properties).length > 0) doc.meta = { ...src.properties }
  if (src.files && src.files.length > 0) doc.files = src.files.map((f, i) => ({ path: f.path, content_path: contentPath(i) }))
  const key = keyOf(src)
  if (key) {
    doc.public_keys = { [key.name]: key.data }
    doc.keys = [{ name: key.name, type: 'ssh', data: key.data }]
  }
  Object.assign(doc, { hostname: src.hostname, name: src.name, launch_index: src.launchIndex, availability_zone: src.availabilityZone })
  if (options.randomSeed && versionAtLeast(version, '2013-04-04')) doc.random_seed = options.randomSeed.toString('base64')
  if (versionAtLeast(version, '2015-10-15')) doc.project_id = src.projectId
  if (versionAtLeast(version, '2016-06-30')) doc.devices = []
  if (versionAtLeast(version, '2020-10-14')) doc.dedicated_cpus = []
  return doc
}

/** network_data.json: every NIC, each taking its IPv4 address by DHCP, or a fixed one given at create. */
export function networkDataJson(src: MetadataSource): Record<string, unknown> {
  const nics = src.nics ?? [{ network: src.networkId ?? 'default', mac: src.mac }]
  // Nova names a link after its tap device, or "interface<N>" when it has none
  // (ours: libvirt names the tap). mtu is null because DHCP supplies it, as Nova does.
  const links = nics.map((nic, i) => ({ id: `interface${i}`, type: 'phy', ethernet_mac_address: nic.mac, mtu: null }))
  const networks = nics.map((nic, i) => {
    const base = { id: `network${i}`, link: links[i].id }
    if (!nic.fixedIp) return { ...base, type: 'ipv4_dhcp', network_id: nic.network }
    // A fixed address, as Nova writes a static subnet: no gateway is known, so no routes.
    const [addr, bits] = nic.fixedIp.split('/')
    return { ...base, type: 'ipv4', ip_address: addr, netmask: netmaskOf(Number(bits ?? 24)), routes: [], network_id: nic.network, services: [] }
  })
  return { links, networks, services: [] }
}

/** vendor_data.json: Nova's StaticJSON provider with no vendordata file configured. */
export function vendorDataJson(): Record<string, unknown> {
  return {}
}

/** vendor_data2.json (2016-10-06 on): each provider's document under its name; StaticJSON's is "static". */
export function vendorData2Json(): Record<string, unknown> {
  return { static: vendorDataJson() }
}

// Nova's EC2 ids are a counter in hex ("i-0000002a"); eight hex digits of the
// uuid keep the shape and need no counter.
const ec2Id = (prefix: string, uuid: string): string => `${prefix}-${uuid.replace(/-/g, '').slice(0, 8).toLowerCase()}`

/** ec2/<version>/meta-data.json for 2009-04-04 (and latest), as Nova writes it on a config drive. */
export function ec2MetaData(src: MetadataSource): Record<string, unknown> {
  const key = keyOf(src)
  return {
    'ami-id': src.imageId ? ec2Id('ami', src.imageId) : null,
    'ami-launch-index': src.launchIndex,
    'ami-manifest-path': 'FIXME', // Nova's literal value
    'instance-id': ec2Id('i', src.uuid),
    hostname: src.hostname,
    // The address comes from DHCP after boot, so the controller does not know it (Nova: None without one).
    'local-ipv4': null,
    'reservation-id': ec2Id('r', src.uuid.split('-').slice(1).join('')),
    'security-groups': [],
    ...(key ? { 'public-keys': { '0': { 'openssh-key': key.data } } } : {}),
    'local-hostname': src.hostname,
    'public-hostname': src.hostname,
    'public-ipv4': '',
    'instance-type': src.flavorName ?? null,
    'block-device-mapping': { ami: 'vda', root: '/dev/vda' },
    placement: { 'availability-zone': src.availabilityZone },
    'instance-action': 'none',
  }
}
