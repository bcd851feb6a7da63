// Stands in for the `debug` package inside the bundle (scripts/build.mjs aliases
// it). oclif makes its loggers with debug at start-up, and loading debug (with
// tty, util and supports-color) costs about 10 ms of every command. Unless DEBUG
// asks for output, a logger here does nothing; with DEBUG set, the real debug
// is loaded and does all of it.
import { createRequire } from 'node:module'

type Logger = ((...args: unknown[]) => void) & { enabled: boolean; namespace: string; extend: (ns: string, delimiter?: string) => Logger }
type Debug = (namespace: string) => Logger

function silent(namespace: string): Logger {
  const logger = (() => undefined) as unknown as Logger
  logger.enabled = false
  logger.namespace = namespace
  logger.extend = (ns, delimiter = ':') => silent(`${namespace}${delimiter}${ns}`)
  return logger
}

/** debug's factory: the real one when DEBUG is set, a silent logger otherwise. */
const createDebug: Debug = (namespace) => (process.env.DEBUG ? (createRequire(import.meta.url)('debug') as Debug)(namespace) : silent(namespace))

export default createDebug
