// Nova's IsolatedHostsFilter: isolated_images may run only on isolated_hosts and,
// with restrict_isolated_hosts_to_isolated_images (the default), isolated_hosts run
// only isolated_images.
import type { HostFilter } from './types.js'

const sets = new WeakMap<readonly string[], Set<string>>()

/** A config list as a Set, built once per list rather than once per host. */
function asSet(list: readonly string[]): Set<string> {
  let s = sets.get(list)
  if (!s) sets.set(list, (s = new Set(list)))
  return s
}

/** IsolatedHostsFilter: keeps isolated images and isolated hosts together. */
export const isolatedHostsFilter: HostFilter = {
  name: 'IsolatedHostsFilter',
  reject(hs, spec, config) {
    const restrict = config.restrict_isolated_hosts_to_isolated_images
    // Nova compares host_state.host, the host name.
    const hostIsolated = asSet(config.isolated_hosts).has(hs.host.name)
    // Nova: with no isolated_images, an isolated host passes only when not restrictive.
    if (config.isolated_images.length === 0) {
      return restrict && hostIsolated
        ? 'in isolated_hosts, and isolated_images is empty (restrict_isolated_hosts_to_isolated_images)'
        : null
    }
    // Nova: a request without an image id (volume-backed) is a non-isolated image.
    const image = spec.image.id
    const imageIsolated = image !== '' && asSet(config.isolated_images).has(image)
    if (imageIsolated && !hostIsolated) return `image ${image} is in isolated_images, the host is not in isolated_hosts`
    if (restrict && hostIsolated && !imageIsolated) {
      const what = image ? `image ${image} is not in isolated_images` : 'the request has no image'
      return `in isolated_hosts, ${what} (restrict_isolated_hosts_to_isolated_images)`
    }
    return null
  },
}
