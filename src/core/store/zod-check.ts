// zod's side of check.ts, loaded only when fast-check.ts cannot pass a value: zod
// says what is wrong in its own words, and returns what it would keep (unknown
// keys dropped, defaults filled).
import { prettifyError, z } from 'zod'
import { InvalidStateError } from './check.js'
import { stateSchema, type State } from './schema.js'

const SHAPE = stateSchema.shape as Record<string, z.ZodType>

function parsed<T>(where: string, result: { success: true; data: T } | { success: false; error: z.ZodError }): T {
  if (!result.success) throw new InvalidStateError(where, prettifyError(result.error), result.error)
  return result.data
}

/** The whole state validated; for a file homenova did not write. */
export function validateState(raw: unknown): State {
  return parsed('state', stateSchema.safeParse(raw))
}

/** A top-level value (`generation`, `quotas`, a whole collection...) as zod returns it. */
export function parseValue(key: string, value: unknown): unknown {
  return parsed(key, SHAPE[key].safeParse(value))
}

/** One object of a collection as zod returns it. */
export function parseElement(key: string, index: number, item: unknown): unknown {
  return parsed(`${key}[${index}]`, (SHAPE[key] as z.ZodArray<z.ZodType>).element.safeParse(item))
}
