// The root's and topics' help come from the manifest without starting oclif
// (src/cli/run-help.ts); they must be exactly what oclif prints
// (HOMENOVA_OCLIF=1 sends every help request to oclif), for every topic, at
// any terminal width, with colours or without, and leave the rest to oclif.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { BIN } from '../helpers/cli.js'

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> }
// Every topic: each proper prefix of a command's id that is not a command itself
// (`autocomplete --help` is the command's help).
const topics = [...new Set(Object.keys(manifest.commands).flatMap((id) => id.split(':').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join(' '))))].filter(
  (t) => !manifest.commands[t.replaceAll(' ', ':')],
)

async function help(args: string[], env: Record<string, string> = {}) {
  const r = await execa('node', [BIN, ...args], { env: { NODE_ENV: 'production', ...env }, reject: false, stdin: 'ignore' })
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) }
}

describe('help without oclif', () => {
  it('prints the root help as oclif does, at any width and with colours', async () => {
    for (const env of [{}, { OCLIF_COLUMNS: '60' }, { OCLIF_COLUMNS: '132', FORCE_COLOR: '1' }] as Array<Record<string, string>>) {
      for (const args of [['--help'], []]) {
        const [fast, oclif] = await Promise.all([help(args, env), help(args, { ...env, HOMENOVA_OCLIF: '1' })])
        expect(fast.code).toBe(0)
        expect(fast.stdout).toContain('TOPICS')
        expect(fast, `${args.join(' ')} ${JSON.stringify(env)}`).toEqual(oclif)
      }
    }
  })

  it('prints every topic help as oclif does', { timeout: 120_000 }, async () => {
    expect(topics).toEqual(expect.arrayContaining(['server', 'server group', 'resource provider inventory']))
    for (const topic of topics) {
      const args = [...topic.split(' '), '--help']
      const [fast, oclif] = await Promise.all([help(args, { OCLIF_COLUMNS: '90' }), help(args, { OCLIF_COLUMNS: '90', HOMENOVA_OCLIF: '1' })])
      expect(fast.stdout).toContain(`$ homenova ${topic} COMMAND`)
      expect(fast, topic).toEqual(oclif)
    }
  })

  it('leaves a command’s help, the help command and unknown words to oclif', async () => {
    expect((await help(['server', 'list', '--help'])).stdout).toMatch(/^FLAGS$/m)
    expect((await help(['help', 'server'])).stdout).toContain('$ homenova server COMMAND')
    const unknown = await help(['serverz', '--help'])
    expect(unknown.code).not.toBe(0)
    expect(unknown).toEqual(await help(['serverz', '--help'], { HOMENOVA_OCLIF: '1' }))
  })
})
