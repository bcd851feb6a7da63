// Host weighers. As in Nova, each weigher's raw values are normalized to 0..1
// across the candidate hosts and multiplied by the weigher's multiplier.
import type { HostState } from './host-state.js'

/** A named weigher with its multiplier. */
export interface HostWeigher {
  name: string
  multiplier: number
  raw(host: HostState): number
}

/** Nova's RAMWeigher: more free RAM weighs more (spreads) with multiplier 1.0. */
export const ramWeigher: HostWeigher = { name: 'RAMWeigher', multiplier: 1.0, raw: (h) => h.free.MEMORY_MB }

/** Nova's normalize(): maps values onto 0..1; all equal maps to 0. */
export function normalize(values: number[]): number[] {
  if (values.length === 0) return []
  const min = Math.min(...values)
  const max = Math.max(...values)
  if (max === min) return values.map(() => 0)
  return values.map((v) => (v - min) / (max - min))
}

/** The weighers in use. */
export const defaultWeighers: HostWeigher[] = [ramWeigher]
