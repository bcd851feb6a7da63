// `homenova --help` and a topic's help (`homenova server --help`, `homenova server`)
// without starting oclif (dist/help.js; bin/run.js tries it first). That text
// depends only on package.json, oclif.manifest.json and the terminal, yet oclif's
// start (its whole bundle, then Config.load) took longer than the +0.07 s over
// bare Node issue 7 allows. The text stays oclif's: its own HelpFormatter and
// RootHelp lay it out, from a table of commands and topics built from the
// manifest as Config.load builds it, and the sections are put together as oclif's
// Help.showRootHelp and showTopicHelp put them. Anything this cannot answer exactly
// as oclif would (a command's help, the `help` command, other flags, a colour
// theme, hooks that run around help) returns false, and oclif answers instead.
// test/integration/help.test.ts compares the two for the root and every topic.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { arch, homedir } from 'node:os'
import { join } from 'node:path'
import { format, stripVTControlCharacters } from 'node:util'
import type { Interfaces } from '@oclif/core'
import { HelpFormatter } from '@oclif/core/lib/help/formatter.js'
import rootHelp from '@oclif/core/lib/help/root.js'
import { stdtermwidth } from '@oclif/core/lib/screen.js'
import { getPlatform } from '@oclif/core/lib/util/os.js'
import { compact, sortBy, uniqBy } from '@oclif/core/lib/util/util.js'

/** What help reads of a command in oclif.manifest.json. */
interface ManifestCommand {
  id: string
  aliases?: string[]
  hiddenAliases?: string[]
  hidden?: boolean
  summary?: string
  description?: string
}

/** A help topic, as oclif's config holds it. */
interface Topic {
  name: string
  description?: string
  hidden?: boolean
  subtopics?: Record<string, Omit<Topic, 'name'>>
}

type PackageJson = Interfaces.PJSON & { oclif: { topics?: Record<string, Omit<Topic, 'name'>>; hooks?: Record<string, unknown> } }

// Hooks oclif runs around the help it prints itself (init before, finally after).
const HELP_HOOKS = ['init', 'finally']

/** Which help argv asks for: the root's, a topic's (its words), or none this file answers. */
function helpSubject(argv: string[]): string[] | undefined {
  if (argv.some((a) => a.startsWith('-') && a !== '--help')) return undefined // `--`, --version, other flags
  const words = argv.filter((a) => a !== '--help')
  if (words.some((w) => w === 'help' || w.includes('=') || w.includes(':'))) return undefined // the help command, args
  return words
}

// As oclif's Plugin.topics: package.json's topics, subtopics flattened.
function pjsonTopics(topics: PackageJson['oclif']['topics'], base = ''): Topic[] {
  return Object.entries(topics ?? {}).flatMap(([name, topic]) => [{ ...topic, name: `${base}${name}` }, ...pjsonTopics(topic.subtopics, `${base}${name}:`)])
}

/** The commands (with an entry per alias) and topics of the CLI, as oclif's Config.load makes them; undefined where oclif would pick between duplicates. */
function commandTable(pjson: PackageJson, manifest: { commands: Record<string, ManifestCommand> }) {
  const commands = new Map<string, ManifestCommand>()
  // oclif takes them sorted by localeCompare; the build writes the manifest in that
  // order (scripts/build.mjs), and the first localeCompare alone costs ~7 ms (ICU).
  const all = Object.entries(manifest.commands).map(([id, c]) => ({ ...c, id }))
  for (const command of all) {
    if (commands.has(command.id)) return undefined
    commands.set(command.id, command)
    for (const [alias, hidden] of [...(command.aliases ?? []).map((a) => [a, false] as const), ...(command.hiddenAliases ?? []).map((a) => [a, true] as const)]) {
      const id = alias.replaceAll(' ', ':')
      if (commands.has(id)) return undefined
      commands.set(id, { ...command, hidden, id })
    }
  }
  const topics = new Map<string, Topic>()
  for (const topic of pjsonTopics(pjson.oclif.topics)) {
    const existing = topics.get(topic.name)
    if (existing) Object.assign(existing, { description: topic.description || existing.description, hidden: existing.hidden || topic.hidden })
    else topics.set(topic.name, topic)
  }
  // Every prefix of a shown command's id is a topic too (oclif: for partial commands).
  for (const command of all.filter((c) => !c.hidden)) {
    const parts = command.id.split(':')
    for (; parts.length > 0; parts.pop()) {
      const name = parts.join(':')
      if (!topics.has(name)) topics.set(name, { name, description: command.summary || command.description })
    }
  }
  return { commands, topics: [...topics.values()] }
}

// The prefix of oclif's environment variables (HOMENOVA_...).
const envScope = (pjson: PackageJson) => (pjson.oclif.bin ?? pjson.name).replaceAll('@', '').replaceAll(/[-/]/g, '_').toUpperCase()

/** oclif's `configDir`, where a user may keep a colour theme (theme.json). */
function configDir(pjson: PackageJson): string {
  const base = process.env.XDG_CONFIG_HOME || join(process.env.HOME || homedir(), '.config')
  return process.env[`${envScope(pjson)}_CONFIG_DIR`] || join(base, pjson.oclif.dirname ?? pjson.name)
}

/**
 * Prints the root's or a topic's help as oclif would, if argv asks for one and
 * nothing else would change oclif's answer; returns whether it did.
 */
export async function printHelp(root: string, argv: string[]): Promise<boolean> {
  const words = helpSubject(argv)
  if (!words) return false
  const [pjson, manifest] = (await Promise.all(['package.json', 'oclif.manifest.json'].map((f) => readFile(join(root, f), 'utf8').then(JSON.parse, () => undefined)))) as [PackageJson, { commands: Record<string, ManifestCommand> } | undefined]
  const oclif = pjson?.oclif
  if (!manifest || !oclif || oclif.topicSeparator !== ' ' || oclif.helpClass || oclif.state || oclif.theme || oclif.additionalHelpFlags || oclif.plugins?.length) return false
  if (HELP_HOOKS.some((h) => oclif.hooks?.[h])) return false
  if (!['1', 'true'].includes(process.env[`${envScope(pjson)}_DISABLE_THEME`] ?? '') && existsSync(join(configDir(pjson), 'theme.json'))) return false
  const table = commandTable(pjson, manifest)
  if (!table) return false

  const name = words.join(':')
  // A word that names a command (or begins one) is the command's business: oclif.
  if (words.some((_, i) => table.commands.has(words.slice(0, i + 1).join(':')))) return false
  const topic = table.topics.find((t) => t.name === name)
  if (words.length > 0 && !topic) return false

  const config = {
    bin: oclif.bin ?? pjson.name,
    pjson,
    theme: undefined,
    topicSeparator: ' ',
    userAgent: `${pjson.name}/${pjson.version} ${await getPlatform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}`,
  } as unknown as Interfaces.Config
  const opts = (oclif.helpOptions ?? (pjson as { helpOptions?: Interfaces.HelpOptions }).helpOptions ?? {}) as Partial<Interfaces.HelpOptions>
  if (opts.all) return false // nested commands at the root: not worth repeating here
  const help = new HelpFormatter(config, opts)
  // Help's own options, terminal width included, as RootHelp gets them from oclif's Help.
  const helpOpts = { maxWidth: stdtermwidth, ...opts } as Interfaces.HelpOptions
  const lines: string[] = []
  const log = (text = '') => lines.push(format(text))

  // As oclif's Help: hidden ones left out, sorted, each name once (the last kept).
  const shownTopics = uniqBy(
    sortBy(
      table.topics.filter((t) => !t.hidden && table.topics.some((sub) => sub.name.includes(`${t.name}:`))),
      (t) => t.name,
    ),
    (t) => t.name,
  )
  const shownCommands = uniqBy(
    sortBy(
      [...table.commands.values()].filter((c) => !c.hidden),
      (c) => c.id,
    ),
    (c) => c.id,
  )
  const children = <T>(all: T[], key: (x: T) => string) => {
    const depth = words.length
    return all.filter((x) => (depth === 0 || key(x).startsWith(`${name}:`)) && key(x).split(':').length === depth + 1)
  }
  const summary = (c: ManifestCommand): string | undefined => {
    if (opts.sections && !opts.sections.map((s) => s.toLowerCase()).includes('summary')) return undefined
    if (c.summary) return help.render(c.summary.split('\n')[0])
    return c.description && help.render(c.description).split('\n')[0]
  }
  const list = (rows: Array<[string, string | undefined]>) => help.renderList(rows, { indentation: 2, spacer: '\n', stripAnsi: opts.stripAnsi })
  const topicsSection = (topics: Topic[]) =>
    help.section(
      'TOPICS',
      list(topics.map((t) => [t.name.replaceAll(':', ' '), t.description && help.render(t.description.split('\n')[0])])),
    )
  const commandsSection = (commands: ManifestCommand[]) =>
    help.section(
      'COMMANDS',
      list(
        commands
          .filter((c) => !(opts.hideAliasesFromRoot && c.aliases?.includes(c.id)))
          .map((c) => {
            const text = summary(c)
            return [c.id.replaceAll(':', ' '), text && stripVTControlCharacters(text)]
          }),
      ),
    )

  if (words.length === 0) {
    log(new rootHelp.default(config, helpOpts).root())
    log()
  } else {
    const description = help.render(topic?.description ?? '')
    const [first, ...rest] = description.split('\n')
    let text = compact([
      first,
      help.section(opts.usageHeader || 'USAGE', `$ ${config.bin} ${words.join(' ')} COMMAND`),
      rest.join('\n') && help.section('DESCRIPTION', help.wrap(rest.join('\n'))),
    ]).join('\n\n')
    if (opts.stripAnsi) text = stripVTControlCharacters(text)
    log(`${text}\n`)
  }
  const topics = children(shownTopics, (t) => t.name)
  // The root's list shows every top-level command, aliases included, as oclif's does.
  const commands = children(shownCommands, (c) => c.id).filter((c) => c.id)
  if (topics.length > 0) {
    log(topicsSection(topics))
    log()
  }
  if (commands.length > 0) {
    log(commandsSection(commands))
    log()
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return true
}
