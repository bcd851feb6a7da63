// Shell completion as a bash user gets it: `homenova autocomplete bash` writes
// oclif's completion function with homenova's names from the store added, and
// the function, run the way bash runs it on TAB, offers servers, flavors,
// images, hosts, keypairs and server groups where a command takes one, and
// commands and flags everywhere else.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { BIN, fakeCluster, type CliHome } from '../helpers/cli.js'

let cli: CliHome
let cache: string
let functionFile: string

// What bash offers for `homenova <words> <current>`: the function run as `complete -F` runs it.
function tab(words: string[], current = ''): string[] {
  const line = ['homenova', ...words, current]
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _homenova_store_names; printf '%s\\n' "\${COMPREPLY[@]}"`
  const out = execFileSync('bash', ['-c', script, 'tab', functionFile, ...line], { env: { ...process.env, HOMENOVA_HOME: cli.home }, encoding: 'utf8' })
  // bash shows each candidate once (oclif's function offers `server` once per server command).
  return [...new Set(out.split('\n').filter(Boolean).map((w) => w.trim()))].sort()
}

beforeAll(async () => {
  cli = await fakeCluster([['sim1', '--vcpus', '16', '--ram', '32768'], ['sim2']])
  await cli.json('keypair', 'create', 'mykey', '--private-key', join(cli.home, 'mykey'))
  await cli.json('server', 'group', 'create', 'web', '--policy', 'anti-affinity')
  await cli.json('server', 'create', 'app', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '2', '--wait')
  await cli.json('server', 'create', 'db', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
  cache = mkdtempSync(join(tmpdir(), 'homenova-cache-'))
  // oclif keeps the generated functions under $XDG_CACHE_HOME/homenova.
  const r = await execa('node', [BIN, 'autocomplete', 'bash'], { env: { HOMENOVA_HOME: cli.home, XDG_CACHE_HOME: cache }, reject: false })
  expect(r.exitCode, r.stderr).toBe(0)
  functionFile = join(cache, 'homenova', 'autocomplete', 'functions', 'bash', 'homenova.bash')
})

describe('shell completion', () => {
  it('adds the names from the store to the function oclif writes', () => {
    expect(existsSync(functionFile)).toBe(true)
    expect(readFileSync(functionFile, 'utf8')).toContain('complete -F _homenova_store_names homenova')
  })

  it('offers the servers where a command takes one, several for commands that take several', () => {
    expect(tab(['server', 'show'])).toEqual(['app-1', 'app-2', 'db'])
    expect(tab(['server', 'stop'], 'app')).toEqual(['app-1', 'app-2'])
    expect(tab(['server', 'delete', 'db'], 'a')).toEqual(['app-1', 'app-2'])
    expect(tab(['console', 'log', 'show'], 'd')).toEqual(['db'])
    expect(tab(['delete'], 'd')).toEqual(['db']) // novaclient's alias
  })

  it('offers flavors, images, hosts, keypairs and server groups for the flags and arguments that name them', () => {
    expect(tab(['server', 'create', '--flavor'], 'm1.s')).toEqual(['m1.small'])
    expect(tab(['server', 'create', '--image'])).toEqual(['tiny'])
    expect(tab(['server', 'create', '--flavor', 'm1.tiny', '--key-name'])).toEqual(['mykey'])
    expect(tab(['server', 'create', '--server-group'])).toEqual(['web'])
    expect(tab(['server', 'list', '--host'])).toEqual(['sim1', 'sim2'])
    expect(tab(['host', 'show'])).toEqual(['sim1', 'sim2'])
    expect(tab(['hypervisor', 'show'])).toEqual(['sim1', 'sim2'])
    expect(tab(['server-group-get'])).toEqual(['web']) // novaclient's name for server group show
    expect(tab(['flavor', 'show'], 'm1.x')).toEqual(['m1.xlarge'])
    expect(tab(['image', 'delete'])).toEqual(['tiny'])
    expect(tab(['keypair', 'show'])).toEqual(['mykey'])
    expect(tab(['server', 'group', 'show'])).toEqual(['web'])
  })

  it('adds the same to the zsh function, falling back to oclif\'s', async () => {
    const r = await execa('node', [BIN, 'autocomplete', 'zsh'], { env: { HOMENOVA_HOME: cli.home, XDG_CACHE_HOME: cache }, reject: false })
    expect(r.exitCode, r.stderr).toBe(0)
    const file = join(cache, 'homenova', 'autocomplete', 'functions', 'zsh', '_homenova')
    // The file as compinit runs it on TAB, with zsh's compadd replaced by one that prints what it is given.
    const zshTab = (words: string[]) =>
      execFileSync('zsh', ['-f', '-c', 'compadd() { print -l -- "$@" }; _homenova_oclif() { print oclif }; words=("${@:2}"); CURRENT=${#words}; source "$1"', 'tab', file, 'homenova', ...words], {
        env: { ...process.env, HOMENOVA_HOME: cli.home },
        encoding: 'utf8',
      })
        .split('\n')
        .filter((w) => w && w !== '--')
    expect(zshTab(['server', 'show', 'app'])).toEqual(['app-1', 'app-2'])
    expect(zshTab(['server', 'create', '--image', ''])).toEqual(['tiny'])
    // oclif's own function (its definition renamed, then called) for anything else.
    expect(readFileSync(file, 'utf8')).toMatch(/\n_homenova_oclif\(\) \{/)
  })

  it('leaves commands, flags and new names to oclif', () => {
    const commands = tab([], 'serv')
    expect(commands).toContain('server')
    expect(commands.every((c) => c.startsWith('serv'))).toBe(true) // and novaclient's aliases, such as service-list
    expect(tab(['server', 'show'], '--j')).toEqual(['--json'])
    // A new server's name is the user's to type: nothing from the store.
    expect(tab(['server', 'create'], 'a')).toEqual([])
  })
})
