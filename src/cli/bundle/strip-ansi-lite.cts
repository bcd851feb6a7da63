// Stands in for strip-ansi (6.x) inside the bundle (scripts/build.mjs aliases it).
// strip-ansi builds ansi-regex's pattern into a new RegExp at every call, and
// oclif's help wraps text with wrap-ansi and string-width, which call it for every
// word: about 8 ms of the root --help. One RegExp serves every call here, since
// String.replace with a global RegExp starts at 0 and leaves lastIndex at 0.
// ansi-regex is strip-ansi 6's own dependency, so the pattern is the same.
// CommonJS (module.exports is the function), as the packages that require it expect.
import ansiRegex = require('ansi-regex')

const PATTERN = ansiRegex()

/** The text without its ANSI escape codes (anything else as it is), as strip-ansi does. */
function stripAnsi<T>(text: T): T | string {
  return typeof text === 'string' ? text.replace(PATTERN, '') : text
}

export = stripAnsi
