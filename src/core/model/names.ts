// Naming rules and lookup by UUID, unique UUID prefix or unique name, the way
// operators name things in the CLI.
import { UserError } from '../errors.js'

// Nova accepts almost any printable name for servers; we also refuse leading or
// trailing spaces and control characters, which break tables and scripts.
const NAME_RE = /^[^\s\p{C}](?:[^\p{C}]{0,253}[^\s\p{C}])?$/u
// Host names end up in file names and known_hosts entries: keep them simple.
const HOST_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/

/** Throws a UserError unless `name` is a valid resource name. */
export function checkName(kind: string, name: string): void {
  if (!NAME_RE.test(name)) {
    throw new UserError(`Invalid ${kind} name ${JSON.stringify(name)}`, {
      hint: 'Use 1-255 printable characters, without leading or trailing spaces.',
    })
  }
}

/** Throws a UserError unless `name` is a valid host name. */
export function checkHostName(name: string): void {
  if (!HOST_NAME_RE.test(name)) {
    throw new UserError(`Invalid host name ${JSON.stringify(name)}`, {
      hint: 'Use letters, digits, ".", "_" and "-" (at most 63), starting with a letter or digit.',
    })
  }
}

/** Something with an id and a name, as every named resource has. */
export interface Named {
  id: string
  name: string
}

/**
 * Finds one item by exact id, exact name, or unique id prefix (at least 4 characters).
 * An ambiguous reference is an error that lists the matches.
 */
export function findOne<T extends Named>(kind: string, items: readonly T[], ref: string): T {
  const byId = items.find((item) => item.id === ref)
  if (byId) return byId
  const byName = items.filter((item) => item.name === ref)
  if (byName.length === 1) return byName[0]
  if (byName.length > 1) throw ambiguous(kind, ref, byName)
  const byPrefix = ref.length >= 4 ? items.filter((item) => item.id.startsWith(ref)) : []
  if (byPrefix.length === 1) return byPrefix[0]
  if (byPrefix.length > 1) throw ambiguous(kind, ref, byPrefix)
  throw new UserError(`No ${kind} named or with ID ${JSON.stringify(ref)}`, {
    hint: `List them with \`homenova ${kind} list\`.`,
  })
}

function ambiguous(kind: string, ref: string, matches: readonly Named[]): UserError {
  const list = matches.map((m) => `${m.id} (${m.name})`).join(', ')
  return new UserError(`${JSON.stringify(ref)} matches ${matches.length} ${kind}s: ${list}`, {
    hint: `Name the ${kind} by its ID.`,
  })
}
