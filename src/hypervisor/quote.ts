// The one function that turns an argument list into a POSIX shell command line.
// Every remote command goes through it: user text never reaches a remote shell
// unquoted. Single quotes make everything literal in sh; a single quote itself
// is written as '\'' (close, escaped quote, reopen).

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Quotes one argument for a POSIX shell. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('An argument for a remote command cannot contain a NUL byte')
  if (SAFE.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/** Joins an argument list into one shell command line, every argument quoted. */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('Empty command')
  return argv.map(shellQuote).join(' ')
}
