// Which words of a command line name something in the store, and the names to
// offer there: `server show <TAB>`, `server create --flavor <TAB>`. Read from
// oclif's manifest (commands, aliases, arguments, flags) and the state, so a new
// command whose argument or flag is called `server`, `flavor`, `image`, `host`,
// `keypair`, `group`, ... completes without being listed anywhere.
import { flavorsOf } from '../../core/api/flavor-api.js'
import { visibleServers } from '../../core/model/servers.js'
import type { State } from '../../core/store/schema.js'

/** What a word can name. */
export type NameKind = 'servers' | 'flavors' | 'images' | 'hosts' | 'keypairs' | 'serverGroups' | 'aggregates' | 'zones'

/** The part of oclif's manifest read here. */
export interface ManifestCommand {
  id: string
  aliases?: string[]
  strict?: boolean
  args?: Record<string, { name: string }>
  flags?: Record<string, { name: string; char?: string; type: 'option' | 'boolean' }>
}

// An argument or flag named so names one of these, whatever the command.
const BY_NAME: Record<string, NameKind> = {
  server: 'servers',
  flavor: 'flavors',
  image: 'images',
  host: 'hosts',
  provider: 'hosts', // a resource provider is a host
  hypervisor: 'hosts', // `hypervisor show`: a host in Nova's hypervisor words
  keypair: 'keypairs',
  'key-name': 'keypairs',
  'server-group': 'serverGroups',
  aggregate: 'aggregates',
  zone: 'zones',
  'availability-zone': 'zones',
}

// Arguments whose name says less than their topic: `keypair show NAME`, `server group show GROUP`.
function argumentKind(command: ManifestCommand, arg: string): NameKind | undefined {
  if (BY_NAME[arg]) return BY_NAME[arg]
  if (arg === 'group' && command.id.startsWith('server:group:')) return 'serverGroups'
  if (arg === 'name' && command.id.startsWith('keypair:') && command.id !== 'keypair:create') return 'keypairs'
  return undefined
}

/** The command a line starts with (the longest id or alias its words spell) and the words after it. */
export function findCommand(commands: ManifestCommand[], words: string[]): { command: ManifestCommand; rest: string[] } | undefined {
  const ids = new Map<string, ManifestCommand>()
  for (const c of commands) for (const id of [c.id, ...(c.aliases ?? [])]) ids.set(id, c)
  for (let n = Math.min(words.length, 6); n > 0; n--) {
    const command = ids.get(words.slice(0, n).join(':'))
    if (command) return { command, rest: words.slice(n) }
  }
  return undefined
}

/**
 * What the word being typed names, given the words before it (after the command):
 * the value of the option flag just before it, or the positional argument it is.
 * Undefined when it is a flag, or names nothing in the store.
 */
export function kindAt(command: ManifestCommand, before: string[], current: string): NameKind | undefined {
  const flags = Object.values(command.flags ?? {})
  const flagOf = (word: string) =>
    word.startsWith('--') ? flags.find((f) => f.name === word.slice(2).split('=')[0]) : word.length === 2 ? flags.find((f) => f.char === word[1]) : undefined
  let position = 0
  let pendingFlag: string | undefined
  let onlyArgs = false
  for (const word of before) {
    if (pendingFlag !== undefined) {
      pendingFlag = undefined
      continue
    }
    if (!onlyArgs && word === '--') onlyArgs = true
    else if (!onlyArgs && word.startsWith('-') && word !== '-') {
      const flag = flagOf(word)
      if (flag?.type === 'option' && !word.includes('=')) pendingFlag = flag.name
    } else position++
  }
  if (pendingFlag !== undefined) return BY_NAME[pendingFlag]
  if (!onlyArgs && current.startsWith('-')) return undefined
  const args = Object.keys(command.args ?? {})
  // A command that takes several of its last argument (server delete a b c) is not strict.
  const arg = args[position] ?? (command.strict === false ? args.at(-1) : undefined)
  return arg === undefined ? undefined : argumentKind(command, arg)
}

/** The names of one kind in the state, sorted, each once. */
export function namesOf(kind: NameKind, state: State): string[] {
  const names = (() => {
    switch (kind) {
      case 'servers':
        return visibleServers(state).map((s) => s.name)
      case 'flavors':
        return flavorsOf(state).map((f) => f.name) // Nova's defaults until the first write seeds them
      case 'images':
        return state.images.map((i) => i.name)
      case 'hosts':
        return state.hosts.map((h) => h.name)
      case 'keypairs':
        return state.keypairs.map((k) => k.name)
      case 'serverGroups':
        return state.serverGroups.map((g) => g.name)
      case 'aggregates':
        return state.aggregates.map((a) => a.name)
      case 'zones':
        return state.aggregates.flatMap((a) => (a.metadata.availability_zone ? [a.metadata.availability_zone] : []))
    }
  })()
  return [...new Set(names)].sort()
}
