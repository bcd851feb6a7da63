// Nova's per-aggregate weight multipliers (scheduler/utils.get_weight_multiplier):
// a host's multiplier for a weigher is the config option unless an aggregate
// the host is in sets the option's name in its metadata. Then the smallest
// aggregate value wins, even when it is larger than the config value; and if
// any one aggregate's value does not parse as a Python float, Nova logs a
// warning and falls back to the config value for the whole host.
import type { HostState } from '../host-state.js'

// Python float() syntax: optional sign, digits with single underscores between
// them, an optional fraction and exponent; or inf/infinity/nan in any case.
const DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i

/** A string parsed as Python's float() would, or undefined where float() raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const s = text.trim()
  if (DECIMAL.test(s)) return Number(s.replaceAll('_', ''))
  const special = SPECIAL.exec(s)
  if (!special) return undefined
  if (special[2].toLowerCase() === 'nan') return NaN
  return special[1] === '-' ? -Infinity : Infinity
}

/** The multiplier named `name` for this host: the smallest aggregate override, else `configured`. */
export function weightMultiplier(host: HostState, name: string, configured: number): number {
  const aggregates = host.aggregates
  // Hot path: most hosts are in no aggregate, or none that overrides.
  if (aggregates.length === 0) return configured
  let found = false
  let lowest = 0
  for (let i = 0; i < aggregates.length; i++) {
    const raw = aggregates[i].metadata[name]
    if (raw === undefined) continue
    const value = pythonFloat(raw)
    // Nova casts every value before taking the minimum: one bad value voids them all.
    if (value === undefined) return configured
    // Python's min(): keeps the first and replaces it only by a smaller value.
    if (!found || value < lowest) lowest = value
    found = true
  }
  return found ? lowest : configured
}
