// `config show` never prints a secret in clear unless asked: the metadata
// proxy's shared secret shows as *** (table, -f and --json alike) once set,
// and --reveal shows it.
import { describe, expect, it } from 'vitest'
import { CliHome } from '../helpers/cli.js'

describe('config show and secrets', () => {
  it('masks metadata_proxy_shared_secret unless --reveal', async () => {
    const cli = new CliHome()
    const unset = await cli.json<Record<string, unknown>>('config', 'show')
    expect(unset.metadata_proxy_shared_secret).toBe('')
    const set = await cli.run('config', 'set', 'metadata_proxy_shared_secret', 's3cret-Key')
    expect(set.code).toBe(0)
    expect(set.stdout).toBe('metadata_proxy_shared_secret = ***')
    expect(JSON.stringify(await cli.json('config', 'set', 'metadata_proxy_shared_secret', 's3cret-Key'))).not.toContain('s3cret-Key')
    for (const args of [[], ['-f', 'csv'], ['-f', 'yaml'], ['--json'], ['-f', 'value', '-c', 'Value']]) {
      const r = await cli.run('config', 'show', ...args)
      expect(r.code).toBe(0)
      expect(r.stdout, args.join(' ')).not.toContain('s3cret-Key')
      expect(r.stdout).toContain('***')
    }
    expect((await cli.run('config', 'show')).stdout).toMatch(/metadata_proxy_shared_secret\s+│?\s*\*\*\*\s+│?\s*set/)
    expect((await cli.json<Record<string, unknown>>('config', 'show', '--reveal')).metadata_proxy_shared_secret).toBe('s3cret-Key')
    expect((await cli.run('config', 'show', '--reveal')).stdout).toContain('s3cret-Key')
  })
})
