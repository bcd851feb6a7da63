// Types of the files inside @oclif/core that src/cli/run-help.ts imports although
// the package's "exports" do not list them (scripts/build.mjs resolves them for
// the bundle); each is what the file's own .d.ts declares.
declare module '@oclif/core/lib/help/formatter.js' {
  export { HelpFormatter } from '@oclif/core/help'
}

// A CommonJS module whose exports.default is the class: under Node's ESM interop
// (and esbuild's, which follows it) a default import is the whole exports object.
declare module '@oclif/core/lib/help/root.js' {
  import type { Interfaces } from '@oclif/core'
  import type { HelpFormatter } from '@oclif/core/help'
  class RootHelp extends HelpFormatter {
    constructor(config: Interfaces.Config, opts: Interfaces.HelpOptions)
    root(): string
  }
  const exports: { default: typeof RootHelp }
  export default exports
}

declare module '@oclif/core/lib/util/os.js' {
  export function getPlatform(): Promise<string>
}

declare module '@oclif/core/lib/util/util.js' {
  export function compact<T>(a: Array<T | undefined | null | false | ''>): T[]
  export function sortBy<T>(arr: T[], fn: (i: T) => string | number | undefined): T[]
  export function uniqBy<T>(arr: T[], fn: (cur: T) => unknown): T[]
}

declare module '@oclif/core/lib/screen.js' {
  export const stdtermwidth: number
}
