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
// The autocomplete plugin's commands are in the registry too, and
// dist/help.js prints the root's and topics' help without oclif (bin/run.js).
// Each plugin and stand-in below says what it saves (docs/architecture.md,
// "Start-up").
import { spawn } from 'node:child_process'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { basename, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const ROOT = resolve(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')
const DIST = join(ROOT, 'dist')
// The bundle is made here and put in place only once the type check passed too, so a
// failed build leaves the last good dist/ and manifest for every other run using them.
const NEXT = join(ROOT, 'dist.next')
const REGISTRY = 'homenova:commands'

// Packages left outside the bundle: loaded from node_modules only by the commands
// that need them (native addons in ssh2; the rest are large and lazily imported
// by few commands). oclif requires typescript only to run a plugin from its
// sources; ink imports react-devtools-core only with DEV=true (not installed).
// A CommonJS package imported with import() must stay outside: esbuild's split
// output gives it only a default export (yaml's stringify would be undefined).
// ink and react are bundled into the dashboard's chunk (see reactProductionPlugin).
// semver is required only by oclif's engines check, which bin/run.js turns off.
const EXTERNAL = ['typescript', 'ssh2', 'react-devtools-core', '@xterm/headless', 'execa', 'cli-table3', 'yaml', 'semver']

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

// The commands of oclif's autocomplete plugin, put in the registry as
// homenova's own (the help command is src/commands/help.ts) instead of loaded as plugins: oclif's Config.load read each
// plugin's package.json and manifest at every start, and their commands imported
// a second, unbundled @oclif/core from node_modules. [oclif id, module]
export const PLUGIN_COMMANDS = [
  ['autocomplete', '@oclif/plugin-autocomplete/lib/commands/autocomplete/index.js'],
  ['autocomplete:create', '@oclif/plugin-autocomplete/lib/commands/autocomplete/create.js'],
  ['autocomplete:script', '@oclif/plugin-autocomplete/lib/commands/autocomplete/script.js'],
]

/** The registry module's source: an id -> lazy loader map. */
function registrySource(commands) {
  const lines = commands.map(([id, file]) => `  ${JSON.stringify(id)}: lazyCommand(() => import(${JSON.stringify(file.startsWith('@') ? file : `./${file}`)})),`)
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

// Files inside oclif's packages that their package.json "exports" do not list:
// the plugins' command modules, and the parts of oclif's help the fast help
// (src/cli/run-help.ts) uses without the rest of oclif.
const deepImportPlugin = {
  name: 'oclif-deep-imports',
  setup(b) {
    b.onResolve({ filter: /^@oclif\/(core|plugin-help|plugin-autocomplete)\/lib\// }, (args) => ({ path: join(ROOT, 'node_modules', args.path) }))
  },
}

// The dashboard's ink and react, bundled into its chunk: loaded from node_modules
// they were ~80 files, most of them CommonJS that Node's ESM loader scans for
// exports (cjs-module-lexer), and importing ink took ~0.5 s of the dashboard's
// first frame. Bundled, react is its production build (React's own index picks
// it only with NODE_ENV=production, which nobody sets for a CLI): the
// development build checks every render twice over and is ~2x the code.
const REACT_PRODUCTION = {
  react: 'react/cjs/react.production.js',
  'react/jsx-runtime': 'react/cjs/react-jsx-runtime.production.js',
  'react-reconciler': 'react-reconciler/cjs/react-reconciler.production.js',
  'react-reconciler/constants.js': 'react-reconciler/cjs/react-reconciler-constants.production.js',
  scheduler: 'scheduler/cjs/scheduler.production.js',
}
const reactProductionPlugin = {
  name: 'react-production',
  setup(b) {
    b.onResolve({ filter: /^(react|react\/jsx-runtime|react-reconciler|react-reconciler\/constants\.js|scheduler)$/ }, (args) => ({ path: join(ROOT, 'node_modules', REACT_PRODUCTION[args.path]) }))
  },
}

// ink draws every frame from scratch: each line of text tokenized into one
// object per character, laid into a grid of the whole screen, and every row of
// the grid turned back into a string, though a cursor move on the dashboard
// changes two rows. The bundled ink keeps what it made from frame to frame
// instead (src/tui/ink-frame.ts says what and why; it measured ~60% of a
// keypress's CPU): its Output takes a line's cells, widths and unchanged rows'
// text from FrameCaches, and render-node-to-output measures a text once, not
// on every frame. The patch is made for these exact files: a different ink
// fails the build here (compare the new files with the patch, then update the
// digests) rather than running a patch that no longer fits.
const INK_PATCHES = {
  'output.js': {
    sha256: 'de9078c7fc647c40cf9e32d6658fcbbee91dae9e3f6334e5f4ebfc5905fc401d',
    replace: [
      [
        'export default class Output {',
        `import { ansiCodesToString as frameAnsiCodesToString, diffAnsiCodes as frameDiffAnsiCodes } from '@alcalzone/ansi-tokenize';
import { BLANK, FrameCaches } from ${JSON.stringify(join(SRC, 'tui/ink-frame.ts'))};
const frameCaches = new FrameCaches({ tokenize, styledCharsFromTokens, stringWidth, ansiCodesToString: frameAnsiCodesToString, diffAnsiCodes: frameDiffAnsiCodes });
export default class Output {`,
      ],
      ['caches = new OutputCaches();', 'caches = frameCaches;'],
      [
        `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
        '                row.push(BLANK);',
      ],
      [
        /const characters = this\.caches\.getStyledChars\(line\);[^]*?offsetX \+= characterWidth;\n\s*\}\n/,
        'this.caches.place(currentLine, x, line);\n',
      ],
      [/const generatedOutput = output\n\s*\.map\(line => \{[^]*?\.join\('\\n'\);/, 'const generatedOutput = this.caches.text(output);'],
    ],
  },
  'render-node-to-output.js': {
    sha256: 'd0c06d2474bd6338fa807ba0a0a39fb713a197df38c7a266b9316c6dd80b3297',
    replace: [
      [
        "import widestLine from 'widest-line';",
        `import widestLineUncached from 'widest-line';\nimport { memoWidestLine } from ${JSON.stringify(join(SRC, 'tui/ink-frame.ts'))};\nconst widestLine = memoWidestLine(widestLineUncached);`,
      ],
    ],
  },
}
export const inkCachesPlugin = pinnedPatchPlugin('inkCachesPlugin', /[\\/]node_modules[\\/]ink[\\/]build[\\/](output|render-node-to-output)\.js$/, (path) => INK_PATCHES[basename(path)])

// ink puts off a frame asked for within 1/maxFps s of the last one, and its
// throttle starts that wait again at each call: a key pressed just after
// another frame waited a whole window more. The bundled ink paces its frames
// with src/tui/frame-pace.ts instead, which draws the frame a key asks for at
// once (it says why). Pinned like INK_PATCHES.
const INK_PACE_PATCH = {
  sha256: 'd0402b8f4ed689e8ad1d8036c7583217b4528496928cee23e17b85583e9860a3',
  replace: [
    ["import { throttle } from 'es-toolkit/compat';", `import { throttle } from 'es-toolkit/compat';\nimport { paceFrames } from ${JSON.stringify(join(SRC, 'tui/frame-pace.ts'))};`],
    [
      `            const throttled = throttle(this.onRender, renderThrottleMs, {
                leading: true,
                trailing: true,
            });`,
      '            const throttled = paceFrames(this.onRender, renderThrottleMs);',
    ],
  ],
}
export const inkPacePlugin = pinnedPatchPlugin('inkPacePlugin', /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/, () => INK_PACE_PATCH)

// The dashboard is one CommonJS bundle (dist/dashboard.cjs, loaded with a V8
// code cache: src/cli/code-cache.ts), which cannot hold a top-level await.
// ink's reconciler has two, both only for DEV=true (React devtools, whose
// package is not installed and stays outside the bundle): here DEV=true gets
// ink's own "not installed" warning without the import. Pinned like INK_PATCHES.
const INK_RECONCILER_PATCH = {
  sha256: '33206e5904be42672999acd9dd9d37c6bb109176c836bf5469ac89a50ff773f2',
  replace: [
    ["        await import('./devtools.js');", "        throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });"],
    ['    ? await loadPackageJson()', '    ? { name: undefined, version: undefined }'],
  ],
}
export const inkWithoutAwaitPlugin = pinnedPatchPlugin('inkWithoutAwaitPlugin', /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/, () => INK_RECONCILER_PATCH)
// yoga's entry loads its WebAssembly with a top-level await too: ink gets
// src/tui/yoga.ts instead, the same object filled in once yoga is loaded.
export const yogaShimPlugin = {
  name: 'yoga-without-top-level-await',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: join(SRC, 'tui/yoga.ts') }))
  },
}

// string-width 8 (ink's and cli-truncate's copies) compiles its Unicode-property
// regexes at the first text it measures that is not plain ASCII: ~40 ms of every
// dashboard's first frame, whose only other characters are a few arrows, box
// drawing and block elements, and punctuation such as the ellipsis. Its own
// ASCII fast path (width = length) is widened to those ranges, each character
// one column wide when ambiguous characters count as narrow (its default), and
// none combining with another; test/unit/tui/string-width.test.ts checks every
// code point of the ranges against string-width itself. Pinned like INK_PATCHES.
export const NARROW_RANGES = '\\u2010-\\u2027\\u2190-\\u21FF\\u2500-\\u259F'
const STRING_WIDTH_PATCH = {
  sha256: 'abc20775da6b552188b098688ebec671e29f5416d6339d3534bb7b016174003e',
  replace: [['if (/^[\\u0020-\\u007E]*$/.test(string)) {', `if ((ambiguousIsNarrow ? /^[\\u0020-\\u007E${NARROW_RANGES}]*$/ : /^[\\u0020-\\u007E]*$/).test(string)) {`]],
}
export const stringWidthPlugin = pinnedPatchPlugin('stringWidthPlugin', /[\\/]node_modules[\\/](ink|cli-truncate)[\\/]node_modules[\\/]string-width[\\/]index\.js$/, () => STRING_WIDTH_PATCH)

// yoga (ink's layout) is WebAssembly kept in its module as base64, and its
// loader reads it with fetch() when there is one: in Node that loads undici
// (fetch is loaded on first use) and decodes the data: URL in JavaScript,
// ~30 ms of the dashboard's first frame. Its own fallback, taken without
// fetch, decodes the same text; here with Buffer. Pinned like INK_PATCHES.
const YOGA_PATCH = {
  sha256: '2cfeda49ae87f57bcd4a5fe433940edefc531a69bd0f83e32759fb5837df205c',
  replace: [
    ['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?'],
    ['var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c', 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))'],
  ],
}
export const yogaWasmPlugin = pinnedPatchPlugin('yogaWasmPlugin', /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, () => YOGA_PATCH)

/** An esbuild plugin that loads the files `filter` matches with `patchFor(path)` made in them (patchPinned). */
function pinnedPatchPlugin(name, filter, patchFor) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (args) => ({ contents: await patchPinned(name, args.path, patchFor(args.path)), loader: 'js' }))
    },
  }
}

/** A dependency's file with `replace` made in it, if it is the very file (sha256) the patch was made for; each place found once. */
async function patchPinned(plugin, path, { sha256, replace }) {
  let source = await readFile(path, 'utf8')
  if (createHash('sha256').update(source).digest('hex') !== sha256) throw new Error(`${path} is not the file ${plugin} (scripts/build.mjs) patches: check the patch against it`)
  for (const [from, to] of replace) {
    const at = typeof from === 'string' ? source.split(from).length - 1 : (source.match(new RegExp(from.source, 'g')) ?? []).length
    if (at !== 1) throw new Error(`${path}: ${plugin} found ${at} places for ${from}`)
    source = source.replace(from, () => to)
  }
  return source
}

// The state's JSON Schema (src/core/store/state-json-schema.ts) made once here
// with zod, as that module makes it from the sources, and put in the bundle as
// data: transactions check what they change against it without loading zod.
async function stateJsonSchema() {
  const out = join(NEXT, 'state-json-schema.tmp.mjs')
  try {
    await build({ absWorkingDir: ROOT, entryPoints: ['src/core/store/state-json-schema.ts'], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' })
    return (await import(pathToFileURL(out).href)).STATE_JSON_SCHEMA
  } finally {
    await rm(out, { force: true })
  }
}

const stateSchemaPlugin = (schema) => ({
  name: 'state-json-schema',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]store[\\/]state-json-schema\.ts$/ }, () => ({
      contents: `// Made by scripts/build.mjs from schema.ts.\nexport const STATE_JSON_SCHEMA = ${JSON.stringify(schema)}\n`,
      loader: 'js',
    }))
  },
})

// oclif sorts a plugin's commands with localeCompare at every start, and the
// first localeCompare of a process sets up ICU's collator: ~8 ms of every command.
// writeManifest() below writes them in that order already (and checks it), so the
// bundled oclif takes them as they are. A newer oclif without this line fails the
// build here rather than silently sorting again.
const OCLIF_COMMAND_SORT = '.sort((a, b) => a.id.localeCompare(b.id));'
const oclifSortPlugin = {
  name: 'oclif-presorted-commands',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      if (!source.includes(OCLIF_COMMAND_SORT)) throw new Error(`${args.path} changed: see oclifSortPlugin in scripts/build.mjs`)
      return { contents: source.replace(OCLIF_COMMAND_SORT, '; // sorted by scripts/build.mjs'), loader: 'js' }
    })
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

// What both bundles are built with: the dashboard's plugins (each above says why) and options.
const dashboardPlugins = (schema) => [stateSchemaPlugin(schema), zodLocalesPlugin, reactProductionPlugin, inkCachesPlugin, inkPacePlugin, inkWithoutAwaitPlugin, yogaShimPlugin, stringWidthPlugin, yogaWasmPlugin]
const COMMON = { absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', jsx: 'automatic', external: EXTERNAL, legalComments: 'none', minifyWhitespace: true, minifySyntax: true, logLevel: 'warning' }

async function bundle(commands) {
  const schema = await stateJsonSchema()
  await dashboardBundle(schema)
  await build({
    ...COMMON,
    entryPoints: {
      main: 'src/cli/main.ts',
      // Root and topic help without oclif's loader (bin/run.js tries it first).
      help: 'src/cli/run-help.ts',
      // How bin/run.js loads the dashboard's bundle (dashboardBundle below).
      'code-cache': 'src/cli/code-cache.ts',
      commands: REGISTRY,
      'cli/hooks/not-found': 'src/cli/hooks/not-found.ts',
      'cli/hooks/completion': 'src/cli/hooks/completion.ts',
      // The shell completion's helper: names from the store without oclif.
      complete: 'src/cli/completion/main.ts',
    },
    outdir: NEXT,
    splitting: true,
    format: 'esm',
    // Lighter stand-ins for what oclif loads at start-up (each file says why).
    alias: {
      ejs: './src/cli/bundle/ejs-lite.ts',
      debug: './src/cli/bundle/debug-lite.ts',
      tinyglobby: './src/cli/bundle/tinyglobby-lite.ts',
      'cli-spinners': './src/cli/bundle/cli-spinners-lite.ts',
      'strip-ansi': './src/cli/bundle/strip-ansi-lite.cts',
      minimatch: './src/cli/bundle/minimatch-lite.ts',
    },
    // @oclif/core and some of its dependencies are CommonJS and call require().
    banner: { js: "import { createRequire as __homenovaRequire } from 'node:module'; const require = __homenovaRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [registryPlugin(commands), deepImportPlugin, oclifSortPlugin, ...dashboardPlugins(schema)],
  })
}

/**
 * dist/dashboard.cjs: a plain `homenova dashboard` without oclif's start
 * (bin/run.js tries it first) as one CommonJS file, the whole dashboard with
 * the control plane, because vm.Script can load that with a V8 code cache
 * (src/cli/code-cache.ts) and Node 20 has no code cache for ES modules. The
 * commands that open the dashboard through oclif (`demo`, `dashboard --help`...)
 * use the same sources from the ES module bundle above.
 */
async function dashboardBundle(schema) {
  await build({
    ...COMMON,
    entryPoints: ['src/cli/run-dashboard.ts'],
    outfile: join(NEXT, 'dashboard.cjs'),
    format: 'cjs',
    // What the sources ask of import.meta, for a file that is not a module.
    define: { 'import.meta.url': '__homenovaUrl', 'import.meta.resolve': '__homenovaResolve' },
    // import() of a package outside the bundle becomes require() (Node 20 requires an
    // ES module such as execa too): a script made from a code cache cannot import().
    supported: { 'dynamic-import': false },
    banner: { js: "const __homenovaUrl = require('node:url').pathToFileURL(__filename).href; const __homenovaResolve = (name) => require('node:url').pathToFileURL(require.resolve(name)).href;" },
    plugins: dashboardPlugins(schema),
  })
  const out = await readFile(join(NEXT, 'dashboard.cjs'), 'utf8')
  const dynamicImport = /\bimport\(\s*["'`]/.exec(out)
  if (dynamicImport) throw new Error(`dist/dashboard.cjs has an import() (${out.slice(dynamicImport.index, dynamicImport.index + 60)}): see dashboardBundle in scripts/build.mjs`)
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
    // The fast help (src/cli/run-help.ts) takes the commands in file order as the order
    // oclif sorts them in; the registry's order carries through to here.
    const ids = Object.keys(plugin.manifest.commands)
    if (ids.some((id, i) => i > 0 && ids[i - 1].localeCompare(id) > 0)) throw new Error('the manifest lists the commands out of order')
    await writeFile(join(ROOT, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`)
    return Object.keys(plugin.manifest.commands).length
  } finally {
    await rm(eager, { force: true })
  }
}

if (process.argv[1] === import.meta.filename) {
  const start = performance.now()
  await rm(NEXT, { recursive: true, force: true })
  const commands = [...(await scanCommands()), ...PLUGIN_COMMANDS].sort(([a], [b]) => a.localeCompare(b))
  // --no-typecheck: for quick rounds while measuring (npm run build always checks).
  try {
    await Promise.all([process.argv.includes('--no-typecheck') ? undefined : typecheck(), bundle(commands)])
  } catch (err) {
    await rm(NEXT, { recursive: true, force: true })
    console.error('build failed; dist/ and oclif.manifest.json are left as they were')
    throw err
  }
  await rm(join(ROOT, 'oclif.manifest.json'), { force: true })
  await rm(DIST, { recursive: true, force: true })
  await rename(NEXT, DIST)
  const count = await writeManifest()
  if (count !== commands.length) throw new Error(`the manifest has ${count} commands, the registry ${commands.length}`)
  console.log(`built ${count} commands into dist/ and oclif.manifest.json in ${((performance.now() - start) / 1000).toFixed(1)} s`)
}
