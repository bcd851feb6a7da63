// KEY=VALUE flags (--property, --rule, --resource) parsed in one place.
import { UserError } from '../core/errors.js'

/** Parses repeated KEY=VALUE flag values into a record; `flag` names the flag in errors. */
export function keyValues(flag: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq < 1) throw new UserError(`${flag} ${JSON.stringify(item)} is not KEY=VALUE`)
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return out
}
