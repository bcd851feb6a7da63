// The state's JSON Schema, as zod derives it from schema.ts, for fast-check.ts.
// From the sources (tests, bin/dev.js) it is made here with zod at load; in the
// bundle `npm run build` replaces this module by the schema it made the same way,
// so that a transaction does not load zod (scripts/build.mjs, stateSchemaPlugin).
import { z } from 'zod'
import { stateSchema } from './schema.js'

/** The JSON Schema of a state file's content, for zod's output (what zod returns). */
export const STATE_JSON_SCHEMA = z.toJSONSchema(stateSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>
