// The output flags of list and show commands, as openstackclient's (cliff's):
// `static flags = { ...listFlags, ... }` or `{ ...showFlags, ... }`, then
// `this.printList(flags, ...)` / `this.printShow(flags, ...)` in run().
import { Flags } from '@oclif/core'
import { LIST_FORMATS, QUOTE_MODES, SHOW_FORMATS } from './output.js'

const helpGroup = 'OUTPUT'

const column = Flags.string({
  char: 'c',
  description: 'Only this column (repeatable); names as the table heads them, or field names for show. --json ignores it.',
  helpGroup,
  multiple: true,
  multipleNonGreedy: true,
})
const noindent = Flags.boolean({ description: 'With -f json: no indentation.', helpGroup })

/** -f, -c, --noindent, --prefix: the output flags of a command that shows one object. */
export const showFlags = {
  column,
  format: Flags.option({ char: 'f', default: 'table', description: 'Output format (--json: the full documented shape).', helpGroup, options: SHOW_FORMATS })(),
  noindent,
  prefix: Flags.string({ default: '', description: 'With -f shell: a prefix for every variable name.', helpGroup }),
}

/** -f, -c, --noindent, --quote, --sort-column, --sort-ascending|--sort-descending: the output flags of a list. */
export const listFlags = {
  column,
  format: Flags.option({ char: 'f', default: 'table', description: 'Output format (--json: the full documented shape).', helpGroup, options: LIST_FORMATS })(),
  noindent,
  quote: Flags.option({ default: 'nonnumeric', description: 'With -f csv: which fields to quote.', helpGroup, options: QUOTE_MODES })(),
  'sort-ascending': Flags.boolean({ description: 'Sort ascending (the default).', exclusive: ['sort-descending'], helpGroup }),
  'sort-column': Flags.string({ description: 'Sort by this column (repeatable; the first decides first).', helpGroup, multiple: true, multipleNonGreedy: true }),
  'sort-descending': Flags.boolean({ description: 'Sort descending.', exclusive: ['sort-ascending'], helpGroup }),
}

/** True when argv asks for JSON output (`--json`, or `-f json` in any spelling), so errors print as JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  const args = end < 0 ? argv : argv.slice(0, end)
  return args.some((a, i) => a === '--json' || a === '--format=json' || a === '-fjson' || a === '-f=json' || ((a === '-f' || a === '--format') && args[i + 1] === 'json'))
}
