// The image cache (`_base`) of a simulated host. The fake driver keeps
// everything it simulates through its domain backend, so a cached base is a
// record there too, named `_base/<checksum>` (never `instance-*`, so no
// domain listing sees it), its size, mtime and users in the record's text as
// JSON. A base's users are the domains whose disk (or rescue disk) was made
// from it; one counts only while that domain, or the files a move kept of it,
// is still on the host, as a libvirt disk's backing file does.
import type { CachedImage, HostSpec, ImageSpec } from '../driver.js'
import type { FakeDomainBackend, FakeDomainRecord } from './fake-driver.js'

/** The record name prefix of simulated cached images. */
export const FAKE_BASE_PREFIX = '_base/'

interface BaseUser {
  uuid: string
  domainName: string
  rescue: boolean
}

interface BaseData {
  size: number
  mtimeMs: number
  users: BaseUser[]
}

const parse = (r: FakeDomainRecord): BaseData => JSON.parse(r.consoleLog) as BaseData
const recordOf = (name: string, data: BaseData): FakeDomainRecord => ({ name: `${FAKE_BASE_PREFIX}${name}`, state: 'shutoff', consoleLog: JSON.stringify(data) })

/** The cached images of one simulated host. */
export class FakeImageCache {
  constructor(
    private readonly backend: FakeDomainBackend,
    private readonly host: HostSpec,
    private readonly now: () => number = Date.now,
  ) {}

  /** Caches the image unless it is there; true if it was "copied". */
  async ensure(image: ImageSpec): Promise<boolean> {
    if (await this.backend.get(this.host.id, `${FAKE_BASE_PREFIX}${image.checksum}`)) return false
    await this.backend.put(this.host.id, recordOf(image.checksum, { size: image.size, mtimeMs: this.now(), users: [] }))
    return true
  }

  /**
   * Records that a domain's disk (or rescue disk) is made from the image; a
   * disk made from another image before (a rebuild) stops counting there.
   */
  async use(image: ImageSpec, user: BaseUser): Promise<void> {
    const all = await this.records()
    for (const r of all) {
      const data = parse(r)
      const name = r.name.slice(FAKE_BASE_PREFIX.length)
      const others = data.users.filter((u) => !(u.domainName === user.domainName && u.rescue === user.rescue))
      const mine = name === image.checksum
      // Nothing to change: not this base and the domain is not listed, or this base and it is.
      if (others.length === data.users.length ? !mine : mine && others.length === data.users.length - 1 && data.users.some((u) => u.uuid === user.uuid && u.domainName === user.domainName && u.rescue === user.rescue)) continue
      const wanted = mine ? [...others, user] : others
      await this.backend.put(this.host.id, recordOf(name, { ...data, users: wanted }))
    }
    if (!all.some((r) => r.name === `${FAKE_BASE_PREFIX}${image.checksum}`)) {
      await this.backend.put(this.host.id, recordOf(image.checksum, { size: image.size, mtimeMs: this.now(), users: [user] }))
    }
  }

  /** Every cached image with the servers whose domains or kept files still read it. */
  async list(): Promise<CachedImage[]> {
    const domains = new Map((await this.backend.list(this.host.id)).map((d) => [d.name, d]))
    return (await this.records()).map((r) => {
      const data = parse(r)
      const live = data.users.filter((u) => {
        const d = domains.get(u.domainName)
        return d !== undefined && (!u.rescue || d.rescued === true)
      })
      return { name: r.name.slice(FAKE_BASE_PREFIX.length), size: data.size, mtimeMs: data.mtimeMs, users: [...new Set(live.map((u) => u.uuid))].sort() }
    })
  }

  /** Sets the mtime of these cached images to now. */
  async touch(names: string[]): Promise<void> {
    for (const name of names) {
      const r = await this.backend.get(this.host.id, `${FAKE_BASE_PREFIX}${name}`)
      if (r) await this.backend.put(this.host.id, recordOf(name, { ...parse(r), mtimeMs: this.now() }))
    }
  }

  /** Removes a cached image not touched after `unusedSinceMs`; whether it is gone. */
  async remove(name: string, unusedSinceMs: number): Promise<boolean> {
    const r = await this.backend.get(this.host.id, `${FAKE_BASE_PREFIX}${name}`)
    if (!r) return true
    if (parse(r).mtimeMs > unusedSinceMs) return false
    await this.backend.remove(this.host.id, r.name)
    return true
  }

  private async records(): Promise<FakeDomainRecord[]> {
    return (await this.backend.list(this.host.id)).filter((d) => d.name.startsWith(FAKE_BASE_PREFIX))
  }
}
