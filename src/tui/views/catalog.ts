// The views of what servers are made from: flavors, images, keypairs. Each
// shows how many servers use the thing, since that is what an operator checks
// before deleting it.
import { flavorsOf } from '../../core/api/flavor-api.js'
import { visibleServers } from '../../core/model/servers.js'
import { imageFields, imageView } from '../../cli/views-images.js'
import { keypairFields, keypairView } from '../../cli/views-keypairs.js'
import { flavorView } from '../../cli/views.js'
import { age, size } from '../format.js'
import { ageValue, indexed, linesOf, type Snapshot, type View } from './view.js'

function countBy(snap: Snapshot, key: (s: Snapshot['state']['servers'][number]) => string | null): Map<string, number> {
  const counts = new Map<string, number>()
  for (const s of visibleServers(snap.state)) {
    const k = key(s)
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return counts
}

/** Flavors, with how many servers have each. */
export const flavorsView: View = {
  name: 'flavors',
  aliases: ['flavor', 'fl', 'sizes'],
  columns: [
    { title: 'NAME', min: 8, max: 20, drop: 0 },
    { title: 'VCPUS', min: 5, max: 5, drop: 0, align: 'right' },
    { title: 'RAM MB', min: 7, max: 7, drop: 0, align: 'right' },
    { title: 'DISK GB', min: 7, max: 7, drop: 0, align: 'right' },
    { title: 'EPHEMERAL', min: 9, max: 9, drop: 3, align: 'right' },
    { title: 'SWAP', min: 5, max: 6, drop: 4, align: 'right' },
    { title: 'PUBLIC', min: 6, max: 6, drop: 2 },
    { title: 'IN USE', min: 6, max: 6, drop: 1, align: 'right' },
    { title: 'ID', min: 4, max: 36, drop: 5 },
  ],
  rows(snap) {
    const used = countBy(snap, (s) => s.flavor.id)
    return flavorsOf(snap.state).map((f) => ({
      key: f.id,
      cells: () => [{ text: f.name }, { text: String(f.vcpus) }, { text: String(f.ramMb) }, { text: String(f.diskGb) }, { text: String(f.ephemeralGb) }, { text: String(f.swapMb) }, { text: f.isPublic ? 'yes' : 'no' }, { text: String(used.get(f.id) ?? 0) }, { text: f.id, tone: 'dim' }],
      ...indexed(() => ({ name: f.name, vcpus: f.vcpus, ram: f.ramMb, disk: f.diskGb, public: f.isPublic, id: f.id, used: used.get(f.id) ?? 0 })),
    }))
  },
  detail(snap, key) {
    const f = flavorsOf(snap.state).find((x) => x.id === key)
    return f ? [{ title: `Flavor ${f.name}`, lines: linesOf({ ...flavorView(f), properties: Object.entries(f.extraSpecs).map(([k, v]) => `${k}='${v}'`).join(', ') }) }] : null
  },
  empty: 'No flavors.',
  // Smallest to largest (tiny, small, medium...), which their names do not sort into.
  sort: { column: 'RAM MB', descending: false },
}

/** Images: status, format, size, visibility, how many servers boot from each. */
export const imagesView: View = {
  name: 'images',
  aliases: ['image', 'img', 'glance'],
  columns: [
    { title: 'NAME', min: 8, max: 24, drop: 0 },
    { title: 'STATUS', min: 6, max: 7, drop: 0 },
    { title: 'FORMAT', min: 6, max: 6, drop: 2 },
    { title: 'SIZE', min: 8, max: 9, drop: 1, align: 'right' },
    { title: 'VISIBILITY', min: 10, max: 10, drop: 3 },
    { title: 'IN USE', min: 6, max: 6, drop: 1, align: 'right' },
    { title: 'AGE', min: 4, max: 4, drop: 4, align: 'right' },
  ],
  rows(snap) {
    const used = countBy(snap, (s) => s.imageId)
    return snap.state.images.map((i) => ({
      key: i.id,
      cells: (now) => [
        { text: i.name },
        { text: i.status, tone: i.status === 'active' ? 'ok' : 'busy' },
        { text: i.diskFormat },
        { text: i.status === 'active' ? size(i.size) : '' },
        { text: i.visibility },
        { text: String(used.get(i.id) ?? 0) },
        { text: age(i.createdAt, now), tone: 'dim' },
      ],
      ...indexed(() => ({ name: i.name, status: i.status, format: i.diskFormat, visibility: i.visibility, id: i.id, used: used.get(i.id) ?? 0 })),
      sortValue: (title) => (title === 'SIZE' ? (i.status === 'active' ? i.size : -1) : title === 'AGE' ? ageValue(i.createdAt) : undefined),
    }))
  },
  detail(snap, key) {
    const i = snap.state.images.find((x) => x.id === key)
    return i ? [{ title: `Image ${i.name}`, lines: linesOf(imageFields(imageView(i))) }] : null
  },
  sort: { column: 'NAME', descending: false },
  empty: 'No images. Import one with `homenova image create NAME --file DISK`.',
}

/** Keypairs, with how many servers were given each. */
export const keypairsView: View = {
  name: 'keypairs',
  aliases: ['keypair', 'keys', 'kp'],
  columns: [
    { title: 'NAME', min: 8, max: 24, drop: 0 },
    { title: 'TYPE', min: 4, max: 5, drop: 2 },
    { title: 'FINGERPRINT', min: 16, max: 47, drop: 1 },
    { title: 'IN USE', min: 6, max: 6, drop: 3, align: 'right' },
    { title: 'AGE', min: 4, max: 4, drop: 4, align: 'right' },
  ],
  rows(snap) {
    const used = countBy(snap, (s) => s.keyName)
    return snap.state.keypairs.map((k) => ({
      key: `${k.userId}/${k.name}`,
      cells: (now) => [{ text: k.name }, { text: k.type }, { text: k.fingerprint, tone: 'dim' }, { text: String(used.get(k.name) ?? 0) }, { text: age(k.createdAt, now), tone: 'dim' }],
      ...indexed(() => ({ name: k.name, type: k.type, fingerprint: k.fingerprint, user: k.userId })),
      sortValue: (title) => (title === 'AGE' ? ageValue(k.createdAt) : undefined),
    }))
  },
  detail(snap, key) {
    const k = snap.state.keypairs.find((x) => `${x.userId}/${x.name}` === key)
    return k ? [{ title: `Keypair ${k.name}`, lines: linesOf({ ...keypairFields(keypairView(k)), public_key: k.publicKey }) }] : null
  },
  sort: { column: 'NAME', descending: false },
  empty: 'No keypairs. Add one with `homenova keypair create NAME --public-key FILE`.',
}
