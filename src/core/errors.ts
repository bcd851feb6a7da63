// Two kinds of error, as the house rules say: a UserError is expected (bad input,
// a host that does not answer) and is printed as one line with a hint; anything
// else is a bug and shows its stack with --debug.

/** An expected failure the user can act on: what failed and what to do. */
export class UserError extends Error {
  readonly hint?: string
  readonly exitCode: number
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'UserError'
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 1
  }
}

/** The store file cannot be trusted (empty, unparsable, invalid); never treated as empty. */
export class StoreCorruptError extends UserError {
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { hint, cause })
    this.name = 'StoreCorruptError'
  }
}

/** A transaction's precondition did not hold (for example a task_state moved on). */
export class ConflictError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, { hint })
    this.name = 'ConflictError'
  }
}
