// Loads a CommonJS bundle with a V8 code cache: the bytecode V8 compiled for
// it in an earlier run, so that this run neither parses nor compiles what the
// earlier one did. bin/run.js loads the dashboard (dist/dashboard.cjs) so:
// compiling its code (ink, react, the control plane) was ~100 ms of CPU of a
// first frame that has 0.6 s (bench:dashboard, interleaved starts: median
// 0.64 s without a cache, 0.535 s with it).
//
// Why not a library or Node's own: Node 22 has module.enableCompileCache(), Node
// 20 (which homenova supports) has nothing for ES modules, and v8-compile-cache
// hooks every require() and caches only what was compiled before a script ran,
// not the functions compiled while the first frame was drawn. vm.Script takes
// and makes V8's cache directly (createCachedData after the first frame).
//
// The cache is in the user's cache directory ($XDG_CACHE_HOME/homenova or
// ~/.cache/homenova, made 0700): a cache is code, so one that another user
// could write is never read. Its name holds what V8 does not check itself
// (the bundle's file, size, mtime and inode: V8 checks only the source's
// length) and what a cache is only good for (node's version and
// architecture): a rebuilt bundle or another node makes a new one, and the
// others of that bundle's path go. Each install (each path of the bundle) has
// caches of its own, so two installs used in turn do not remove each other's,
// and so has each set of node flags (`node bin/run.js` runs without those of
// bin/run.js's #! line, and V8 refuses a cache made under other flags). V8 refuses a cache made with other V8 flags (cachedDataRejected),
// which is then made again; that is why the cache is made right after the
// first frame, before the dashboard's idle collector sets --expose-gc. Any
// failure to read or write it only costs the speed.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import vm from 'node:vm'

/** A loaded bundle: its exports, and how to keep what V8 compiled so far for the next run. */
export interface CachedModule<T> {
  exports: T
  /** Whether V8 took the cache an earlier run kept. */
  cacheUsed: boolean
  /** Writes the cache (when there was none, or V8 refused it); call it once the code that matters has run. */
  saveCache(): void
}

/** Where code caches are kept. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'homenova')
}

// The directory, made if need be, if only this user can write it.
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = statSync(dir)
    return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0
  } catch {
    return false
  }
}

/** Runs the CommonJS bundle `file` as require() would, through a code cache in `dir`. */
export function loadWithCodeCache<T>(file: string, dir: string = codeCacheDir()): CachedModule<T> {
  const source = readFileSync(file, 'utf8')
  const st = statSync(file)
  const hash = (parts: unknown[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16)
  const key = hash([file, st.size, st.mtimeMs, st.ino, process.version, process.arch])
  const prefix = `${basename(file)}-${hash([file, ...process.execArgv])}-`
  const cacheFile = join(dir, `${prefix}${key}.v8cache`)
  const usable = privateDir(dir)
  let cachedData: Buffer | undefined
  if (usable) {
    try {
      cachedData = readFileSync(cacheFile)
    } catch {
      cachedData = undefined // none yet
    }
  }
  // Node's own CommonJS wrapper, on the source's first line so that line numbers stay as they are.
  // No importModuleDynamically: Node 20 loses it for a script made from a cache
  // (import() then fails with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the
  // bundle has no import() (scripts/build.mjs makes them require()).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData })
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected
  const module = { exports: {} as T }
  ;(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file))
  let saved = !usable || cacheUsed
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (saved) return
      saved = true
      try {
        const temporary = `${cacheFile}.${process.pid}`
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 })
        renameSync(temporary, cacheFile) // whole or not at all
        // Caches of earlier builds of this install (or made by other nodes) are of no more use.
        for (const name of readdirSync(dir)) if (name.startsWith(prefix) && join(dir, name) !== cacheFile) rmSync(join(dir, name), { force: true })
      } catch {
        // No cache this time: the next run compiles again.
      }
    },
  }
}
