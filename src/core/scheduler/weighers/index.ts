// Every host weigher by Nova's class name. weight_classes picks them ('all' =
// every one). Nova's 'all' walks the weights package module by module, so the
// order here is by Nova module name (affinity, compute, cpu, disk, io_ops,
// num_instances, ram); only the floating-point order of the sum depends on it.
import type { SchedulerConfig } from '../config.js'
import { serverGroupSoftAffinityWeigher, serverGroupSoftAntiAffinityWeigher } from './affinity.js'
import { buildFailureWeigher } from './build-failure.js'
import { cpuWeigher } from './cpu.js'
import { diskWeigher } from './disk.js'
import { ioOpsWeigher } from './io-ops.js'
import { numInstancesWeigher } from './num-instances.js'
import { ramWeigher } from './ram.js'
import type { HostWeigher } from './types.js'

/** Weighers by Nova class name. */
export const WEIGHERS: Record<string, HostWeigher> = {
  ServerGroupSoftAffinityWeigher: serverGroupSoftAffinityWeigher,
  ServerGroupSoftAntiAffinityWeigher: serverGroupSoftAntiAffinityWeigher,
  BuildFailureWeigher: buildFailureWeigher,
  CPUWeigher: cpuWeigher,
  DiskWeigher: diskWeigher,
  IoOpsWeigher: ioOpsWeigher,
  NumInstancesWeigher: numInstancesWeigher,
  RAMWeigher: ramWeigher,
}

/** The weighers weight_classes selects. */
export function enabledWeighers(config: SchedulerConfig): HostWeigher[] {
  if (config.weight_classes.includes('all')) return Object.values(WEIGHERS)
  return config.weight_classes.map((name) => {
    const w = Object.hasOwn(WEIGHERS, name) ? WEIGHERS[name] : undefined
    if (!w) throw new Error(`Unknown weigher ${name} in weight_classes`)
    return w
  })
}
