// Removing keys from a property record (flavor extra specs, image properties,
// aggregate metadata), refusing keys that are not there.
import { UserError } from '../errors.js'

/** Deletes `keys` from `record`; throws naming `owner` if one is missing (nothing is removed then). */
export function unsetKeys(record: Record<string, string>, keys: readonly string[], owner: string): void {
  const missing = keys.filter((k) => !Object.hasOwn(record, k))
  if (missing.length > 0) throw new UserError(`${owner} has no property ${missing.join(', ')}`, { hint: 'Check the key names with the show command.' })
  for (const k of keys) delete record[k]
}
