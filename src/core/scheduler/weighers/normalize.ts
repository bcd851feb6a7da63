// Nova's weight normalization, as the weigh pipeline applies it: first the
// clamp of BaseWeigher.weigh_objects (a raw weight below the weigher's minval
// is raised to it, then one above maxval is lowered to it), then
// nova/weights.py normalize (onto 0..1 between minval and maxval, each taken
// from the clamped values where the weigher leaves it unset; all equal maps to 0).

/** Clamps to minval/maxval and maps the values onto 0..1 as Nova's weigh step does. */
export function normalize(values: readonly number[], minval?: number, maxval?: number): number[] {
  const out = new Array<number>(values.length)
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    let v = values[i]
    // Same order as Nova: max(weight, minval), then min(weight, maxval).
    if (minval !== undefined) v = Math.max(v, minval)
    if (maxval !== undefined) v = Math.min(v, maxval)
    out[i] = v
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (out.length === 0) return out
  if (minval !== undefined) lo = minval
  if (maxval !== undefined) hi = maxval
  // Nova compares the bounds, not the values: equal bounds give all zeros.
  if (lo === hi) return out.fill(0)
  const range = hi - lo
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - lo) / range
  return out
}
