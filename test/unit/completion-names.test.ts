// Which word of a command line names what, for shell completion (src/cli/completion/names.ts).
import { describe, expect, it } from 'vitest'
import { findCommand, kindAt, namesOf, type ManifestCommand } from '../../src/cli/completion/names.js'
import { emptyState } from '../../src/core/store/constants.js'

const option = (name: string, char?: string) => ({ name, char, type: 'option' as const })
const COMMANDS: ManifestCommand[] = [
  { id: 'server:create', args: { name: { name: 'name' } }, flags: { flavor: option('flavor'), image: option('image'), column: option('column', 'c'), wait: { name: 'wait', type: 'boolean' } } },
  { id: 'server:delete', aliases: ['delete'], strict: false, args: { server: { name: 'server' } }, flags: { wait: { name: 'wait', type: 'boolean' } } },
  { id: 'server:group:show', args: { group: { name: 'group' } } },
  { id: 'keypair:create', args: { name: { name: 'name' } } },
  { id: 'keypair:show', args: { name: { name: 'name' } } },
]
const at = (words: string[], current = '') => {
  const found = findCommand(COMMANDS, words)
  return found && kindAt(found.command, found.rest, current)
}

describe('completion of names', () => {
  it('finds the command by its longest id or alias', () => {
    expect(findCommand(COMMANDS, ['server', 'group', 'show', 'x'])?.command.id).toBe('server:group:show')
    expect(findCommand(COMMANDS, ['delete', 'a'])?.rest).toEqual(['a'])
    expect(findCommand(COMMANDS, ['flavor'])).toBeUndefined()
  })

  it('names the value of an option flag, skipping the values of others', () => {
    expect(at(['server', 'create', '--flavor'])).toBe('flavors')
    expect(at(['server', 'create', '--flavor', 'm1.tiny', '--image'])).toBe('images')
    expect(at(['server', 'create', '-c', 'ID', '--wait'])).toBeUndefined() // the name argument: new
    expect(at(['server', 'create', '--flavor=m1.tiny', 'vm1'], '')).toBeUndefined()
  })

  it('names positional arguments by their name or topic, every one for a command that takes several', () => {
    expect(at(['server', 'delete', 'a', '--wait', 'b'])).toBe('servers')
    expect(at(['server', 'group', 'show'])).toBe('serverGroups')
    expect(at(['keypair', 'show'])).toBe('keypairs')
    expect(at(['keypair', 'create'])).toBeUndefined()
    expect(at(['server', 'delete'], '--w')).toBeUndefined()
    expect(at(['server', 'delete', '--'], '-odd')).toBe('servers')
  })

  it('lists the names of a kind once each, sorted, without deleted servers', () => {
    const state = emptyState()
    state.aggregates.push({ id: 'a', name: 'rack1', hostIds: [], metadata: { availability_zone: 'az1' }, createdAt: '' }, { id: 'b', name: 'rack2', hostIds: [], metadata: { availability_zone: 'az1' }, createdAt: '' })
    state.servers.push({ name: 'b' } as never, { name: 'a', vmState: 'active' } as never, { name: 'gone', vmState: 'deleted' } as never)
    expect(namesOf('zones', state)).toEqual(['az1'])
    expect(namesOf('aggregates', state)).toEqual(['rack1', 'rack2'])
    expect(namesOf('servers', state)).toEqual(['a', 'b'])
    expect(namesOf('flavors', state)).toContain('m1.tiny') // Nova's defaults, before any write seeds them
  })
})
