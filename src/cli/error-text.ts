// How a command's failure reads on stderr, for BaseCommand and for the paths
// bin/run.js takes without oclif (run-dashboard.ts).
import { UserError } from '../core/errors.js'

/** A UserError's lines: what failed, then what to do. */
export function userErrorText(err: UserError): string {
  return err.hint ? `Error: ${err.message}\nHint: ${err.hint}` : `Error: ${err.message}`
}

/** An unexpected error's line, pointing at --debug for the stack. */
export function unexpectedErrorText(err: Error): string {
  return `Error: ${err.message}\n(an unexpected error: run again with --debug for the stack, and please report it)`
}

/** Either of the above; with `debug`, an unexpected error shows its stack. */
export function errorText(err: Error, debug: boolean): string {
  if (err instanceof UserError) return userErrorText(err)
  return debug ? (err.stack ?? String(err)) : unexpectedErrorText(err)
}
