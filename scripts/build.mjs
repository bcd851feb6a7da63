#!/usr/bin/env node
// `npm run build`: type-checks the sources (tsc, no output) and bundles the CLI
// into dist/ with esbuild, then writes oclif.manifest.json.
//
// Why a bundle: Node spends more time finding and compiling hundreds of small
// modules (our tsc output, @oclif/core and its dependencies) than running them.
// esbuild puts oclif's loader and the code every command shares into a few
// files, and code splitting gives each command (and each lazily imported part
// of the control plane) its own chunk, loaded only when used.
//
// The command registry is generated here by scanning src/commands, as oclif's
// pattern discovery would: src/commands/server/list.ts is `server:list`. Each
// entry is a lazyCommand() that imports its chunk when the command runs
// (oclif's explicit discovery, package.json `oclif.commands`). Help, topics,
// completion and "did you mean" read the manifest, which is made from the
// real classes, so they never load a command. (Measured: a registry importing
// every command eagerly made `server list` open 33 files instead of 23, and was
// no faster; identifiers left unminified keep stack traces readable at no cost.)
import { spawn } from 'node:child_process'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { build } from 'esbuild'

const ROOT = resolve(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')
const DIST = join(ROOT, 'dist')
const REGISTRY = 'homenova:commands'

// Packages left outside the bundle: loaded from node_modules only by the commands
// that need them (native addons in ssh2; ink and react for the dashboard and
// progress; the rest are large and lazily imported by few commands). oclif
// requires typescript only to run a plugin from its sources. A CommonJS package
// imported with import() must stay outside: esbuild's split output gives it only
// a default export (yaml's stringify would be undefined).
const EXTERNAL = ['typescript', 'ssh2', 'ink', 'react', 'react/jsx-runtime', '@xterm/headless', 'execa', 'cli-table3', 'yaml']

/** Every command file under src/commands, as [oclif id, path from src/]. */
export async function scanCommands(dir = join(SRC, 'commands')) {
  const found = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.(d|test)\.tsx?$/.test(entry.name)) continue
    const file = relative(SRC, join(entry.parentPath, entry.name)).split('\\').join('/')
    const id = file.replace(/^commands\//, '').replace(/\.tsx?$/, '').replace(/\/index$/, '').split('/').join(':')
    found.push([id, file])
  }
  return found.sort(([a], [b]) => a.localeCompare(b))
}

/** The registry module's source: an id -> lazy loader map. */
function registrySource(commands) {
  const lines = commands.map(([id, file]) => `  ${JSON.stringify(id)}: lazyCommand(() => import(${JSON.stringify(`./${file}`)})),`)
  return `import { lazyCommand } from './cli/lazy-command.ts'\nexport default {\n${lines.join('\n')}\n}\n`
}

// zod's `z.locales` (every language) is only ever used for English: see src/cli/bundle/zod-locales-lite.ts.
const zodLocalesPlugin = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(SRC, 'cli/bundle/zod-locales-lite.ts') } : undefined,
    )
  },
}

const registryPlugin = (commands) => ({
  name: 'command-registry',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${REGISTRY}$`) }, () => ({ path: REGISTRY, namespace: 'registry' }))
    b.onLoad({ filter: /.*/, namespace: 'registry' }, () => ({ contents: registrySource(commands), loader: 'ts', resolveDir: SRC }))
  },
})

function typecheck() {
  return new Promise((ok, fail) => {
    const tsc = spawn(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
    tsc.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`tsc found type errors (exit ${code})`))))
  })
}

async function bundle(commands) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'src/cli/main.ts',
      commands: REGISTRY,
      'cli/hooks/not-found': 'src/cli/hooks/not-found.ts',
      'cli/hooks/completion': 'src/cli/hooks/completion.ts',
      // The shell completion's helper: names from the store without oclif.
      complete: 'src/cli/completion/main.ts',
    },
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    external: EXTERNAL,
    // Lighter stand-ins for what oclif loads at start-up (each file says why).
    alias: { ejs: './src/cli/bundle/ejs-lite.ts', debug: './src/cli/bundle/debug-lite.ts', tinyglobby: './src/cli/bundle/tinyglobby-lite.ts', 'cli-spinners': './src/cli/bundle/cli-spinners-lite.ts' },
    // @oclif/core and some of its dependencies are CommonJS and call require().
    banner: { js: "import { createRequire as __homenovaRequire } from 'node:module'; const require = __homenovaRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [registryPlugin(commands), zodLocalesPlugin],
  })
}

/**
 * oclif.manifest.json, made as `oclif manifest` makes it, but from the real
 * command classes: the registry's lazy entries have no flags to read.
 */
async function writeManifest() {
  const eager = join(DIST, 'manifest-commands.js')
  await writeFile(eager, "import registry from './commands.js'\nexport default Object.fromEntries(await Promise.all(Object.entries(registry).map(async ([id, c]) => [id, await c.load()])))\n")
  try {
    const { Plugin } = await import('@oclif/core')
    const { readFile } = await import('node:fs/promises')
    const pjson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
    pjson.oclif.commands = { ...pjson.oclif.commands, target: './dist/manifest-commands.js' }
    const plugin = new Plugin({ root: ROOT, pjson, isRoot: true, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true })
    await plugin.load()
    await writeFile(join(ROOT, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`)
    return Object.keys(plugin.manifest.commands).length
  } finally {
    await rm(eager, { force: true })
  }
}

if (process.argv[1] === import.meta.filename) {
  const start = performance.now()
  await rm(DIST, { recursive: true, force: true })
  await rm(join(ROOT, 'oclif.manifest.json'), { force: true })
  const commands = await scanCommands()
  // --no-typecheck: for quick rounds while measuring (npm run build always checks).
  await Promise.all([process.argv.includes('--no-typecheck') ? undefined : typecheck(), bundle(commands)])
  const count = await writeManifest()
  if (count !== commands.length) throw new Error(`the manifest has ${count} commands, src/commands ${commands.length}`)
  console.log(`built ${count} commands into dist/ and oclif.manifest.json in ${((performance.now() - start) / 1000).toFixed(1)} s`)
}
