// The files of an OpenStack config drive (label config-2), laid out as Nova's
// metadata_for_config_drive does and cloud-init's ConfigDrive source reads them.
// Which documents each version has follows base.py: vendor_data.json from
// 2013-10-17, network_data.json from 2015-10-15, vendor_data2.json from 2016-10-06.
import { randomBytes } from 'node:crypto'
import {
  OPENSTACK_VERSIONS, contentPath, ec2MetaData, metaDataJson, networkDataJson, vendorData2Json, vendorDataJson, versionAtLeast,
} from './instance-metadata.js'
import type { MetadataSource, OpenStackVersion } from './instance-metadata.js'

/** One file on the drive; `path` is relative to the drive's root (no leading slash). */
export interface DriveFile {
  path: string
  data: Buffer
}

/** How the drive is filled: `randomSeed` undefined draws 512 random bytes as Nova does; null leaves random_seed out. */
export interface ConfigDriveOptions {
  randomSeed?: Buffer | null
}

// Nova writes only these EC2 versions: its config_drive_skip_versions default
// skips 1.0 through 2008-09-01, and their documents are subsets of 2009-04-04's.
const EC2_VERSIONS = ['2009-04-04', 'latest'] as const

const json = (doc: unknown): Buffer => Buffer.from(JSON.stringify(doc), 'utf8')

/** Every file of the config drive of one server, EC2 tree first, then openstack/, then personality content. */
export function configDriveFiles(src: MetadataSource, options: ConfigDriveOptions = {}): DriveFile[] {
  // One seed per drive: the guest's cloud-init reads only one version's copy.
  const randomSeed = options.randomSeed === null ? undefined : (options.randomSeed ?? randomBytes(512))
  const files: DriveFile[] = []

  const ec2 = json(ec2MetaData(src))
  for (const version of EC2_VERSIONS) {
    if (src.userData !== null) files.push({ path: `ec2/${version}/user-data`, data: src.userData })
    files.push({ path: `ec2/${version}/meta-data.json`, data: ec2 })
  }

  const network = json(networkDataJson(src))
  const versions: OpenStackVersion[] = [...OPENSTACK_VERSIONS, 'latest']
  for (const version of versions) {
    const dir = `openstack/${version}`
    files.push({ path: `${dir}/meta_data.json`, data: json(metaDataJson(src, { version, randomSeed })) })
    if (src.userData !== null) files.push({ path: `${dir}/user_data`, data: src.userData })
    if (versionAtLeast(version, '2013-10-17')) files.push({ path: `${dir}/vendor_data.json`, data: json(vendorDataJson()) })
    if (versionAtLeast(version, '2015-10-15')) files.push({ path: `${dir}/network_data.json`, data: network })
    if (versionAtLeast(version, '2016-10-06')) files.push({ path: `${dir}/vendor_data2.json`, data: json(vendorData2Json()) })
  }

  // meta_data.json's files[].content_path is relative to openstack/.
  for (const [index, file] of (src.files ?? []).entries()) {
    files.push({ path: `openstack${contentPath(index)}`, data: file.data })
  }
  return files
}
