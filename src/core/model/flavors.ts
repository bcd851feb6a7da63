// Nova's classic default flavors, created on first use as devstack does.
import type { Flavor } from '../store/schema.js'

const defaults: Array<[string, string, number, number, number]> = [
  ['1', 'm1.tiny', 1, 512, 1],
  ['2', 'm1.small', 1, 2048, 20],
  ['3', 'm1.medium', 2, 4096, 40],
  ['4', 'm1.large', 4, 8192, 80],
  ['5', 'm1.xlarge', 8, 16384, 160],
]

/** The default flavor set: m1.tiny to m1.xlarge with Nova's IDs 1-5. */
export function defaultFlavors(): Flavor[] {
  return defaults.map(([id, name, vcpus, ramMb, diskGb]) => ({
    id,
    name,
    vcpus,
    ramMb,
    diskGb,
    ephemeralGb: 0,
    swapMb: 0,
    isPublic: true,
    extraSpecs: {},
  }))
}
