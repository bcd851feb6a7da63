// The store reads a collection only when it is used and rewrites only what a
// transaction touched (layout.ts), and checks what changed without zod when it
// can (fast-check.ts): these tests hold both to what zod and a whole parse say.
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeWithServers } from '../../bench/fixture-store.js'
import { StoreCorruptError } from '../../src/core/errors.js'
import { compileCheck } from '../../src/core/store/fast-check.js'
import { stateSchema, type State } from '../../src/core/store/schema.js'
import { STATE_JSON_SCHEMA } from '../../src/core/store/state-json-schema.js'
import { Store } from '../../src/core/store/store.js'

let home: string
let store: Store
beforeAll(async () => {
  home = await storeWithServers(20)
  store = new Store(home)
  // Every collection non-empty, so every schema is exercised below.
  await store.transact((s) => {
    const now = new Date().toISOString()
    const [a, b] = s.servers
    s.tasks.push({ id: 't1', kind: 'reboot', rebootType: 'soft', serverId: a.id, requestId: 'req-1', status: 'running', resumeAt: 0, steps: [{ name: 'power', at: now }], lease: { owner: 'o', pid: 1, hostname: 'h', expiresAt: now }, takeovers: 0, createdAt: now, updatedAt: now })
    s.aggregates.push({ id: 'a1', name: 'rack1', hostIds: ['h0'], metadata: { availability_zone: 'az1' }, createdAt: now })
    s.serverGroups.push({ id: 'g1', name: 'web', policy: 'anti-affinity', rules: { max_server_per_host: 2 }, memberIds: [b.id], projectId: 'admin', createdAt: now })
    s.keypairs.push({ name: 'k1', userId: 'admin', type: 'ssh', publicKey: 'ssh-ed25519 AAAA k1', fingerprint: 'ab:cd', createdAt: now })
    s.consoleAuthTokens.push({ tokenHash: 'a'.repeat(64), instanceUuid: a.id, hostId: 'h0', consoleType: 'novnc', port: 5900, createdAt: now, expiresAt: now })
    s.quotas.defaults.instances = 10
    s.config.scheduler_max_attempts = 3
    s.config.enabled_filters = ['ComputeFilter']
  })
})
afterAll(() => rm(home, { recursive: true, force: true }))

/** The file as it is now, and the mark that says the store wrote it (so it is trusted, not validated whole). */
async function handEdit(edit: (text: string) => string): Promise<void> {
  const file = path.join(home, 'state.json')
  await writeFile(file, edit(await readFile(file, 'utf8')))
  const st = await stat(file, { bigint: true })
  const mark = (await readFile(path.join(home, 'state.json.checked'), 'utf8')).split(' ')[0]
  await writeFile(path.join(home, 'state.json.checked'), `${mark} ${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}\n`)
}

describe('lazy collections', () => {
  it('reads what a whole parse reads', async () => {
    const lazy = await store.read()
    const whole = JSON.parse(await readFile(path.join(home, 'state.json'), 'utf8')) as State
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(whole)
    expect(lazy.servers).toHaveLength(20)
  })

  it('writes back the lines of a collection the transaction never touched, as they were', async () => {
    // A valid server line written with spaces, as no transaction would write it.
    await handEdit((t) => t.replace(/^ {4}(\{"id":"00000000-[^\n]*?\})(,?)$/m, (_, obj: string, comma: string) => `    ${JSON.stringify(JSON.parse(obj), null, 1).replaceAll('\n', '')}${comma}`))
    const spaced = (await readFile(path.join(home, 'state.json'), 'utf8')).split('\n').filter((l) => l.startsWith('    { "id": "00000000-'))
    expect(spaced).toHaveLength(1)

    await store.transact((s) => void (s.config.bench = 1)) // servers untouched
    expect(await readFile(path.join(home, 'state.json'), 'utf8')).toContain(spaced[0])

    await store.transact((s) => void s.servers.length) // servers read: written as JSON.stringify writes them
    const after = await readFile(path.join(home, 'state.json'), 'utf8')
    expect(after).not.toContain(spaced[0])
    expect(after).toContain(`    ${JSON.stringify(JSON.parse(spaced[0].trim().replace(/,$/, '')))}`)
  })

  it('says a collection that does not parse is corrupt when it is used, never that it is empty', async () => {
    await handEdit((t) => t.replace(/^ {4}\{"consumerId"/m, '    {consumerId'))
    const state = await store.read()
    expect(state.flavors.length).toBeGreaterThan(0)
    expect(() => state.allocations).toThrow(StoreCorruptError)
    expect(() => state.allocations).toThrow(/state\.json is not valid JSON in "allocations"/)
    await handEdit((t) => t.replace(/^ {4}\{consumerId/m, '    {"consumerId"'))
    expect((await store.read()).allocations).toHaveLength(20)
  })
})

describe('the check made from the JSON Schema', () => {
  const properties = (STATE_JSON_SCHEMA as { properties: Record<string, { type?: string; items?: Record<string, unknown> }> }).properties
  const shape = stateSchema.shape as unknown as Record<string, { element?: { safeParse(v: unknown): { success: boolean; data?: unknown } }; safeParse(v: unknown): { success: boolean; data?: unknown } }>

  // Variations of a valid object: each key removed, set to values of other types,
  // out of range, or next to an unknown key; the same inside its objects and the
  // first object of its lists; a list with an odd value added.
  function* variations(value: Record<string, unknown>): Generator<Record<string, unknown>> {
    const odd: unknown[] = [undefined, null, '', 'x', -1, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, [], {}, [1], { a: 1 }]
    yield { ...value, unknownKey: 1 }
    for (const key of Object.keys(value)) {
      const { [key]: _, ...rest } = value
      yield rest
      for (const v of odd) yield { ...value, [key]: v }
      const inner = value[key]
      if (inner && typeof inner === 'object' && !Array.isArray(inner)) for (const v of variations(inner as Record<string, unknown>)) yield { ...value, [key]: v }
      if (Array.isArray(inner)) {
        for (const v of odd) yield { ...value, [key]: [...inner, v] }
        if (inner[0] && typeof inner[0] === 'object') for (const v of variations(inner[0] as Record<string, unknown>)) yield { ...value, [key]: [v, ...inner.slice(1)] }
      }
    }
  }

  it('passes every object of a real state, and zod returns each unchanged', async () => {
    const state = (await store.read()) as unknown as Record<string, unknown[]>
    for (const [key, schema] of Object.entries(properties).filter(([, s]) => s.type === 'array')) {
      const check = compileCheck(schema.items!)
      expect(state[key].length, key).toBeGreaterThan(0)
      for (const item of state[key]) {
        expect(check(item), `${key}: ${JSON.stringify(item)}`).toBe(true)
        expect(shape[key].element!.safeParse(item).data).toEqual(item)
      }
    }
  })

  it('never passes a value zod would refuse or change', async () => {
    const state = (await store.read()) as unknown as Record<string, unknown>
    let passed = 0
    let refused = 0
    for (const [key, schema] of Object.entries(properties)) {
      const [check, zod, samples] =
        schema.type === 'array' ? [compileCheck(schema.items!), shape[key].element!, (state[key] as Array<Record<string, unknown>>).slice(0, 2)] : [compileCheck(schema), shape[key], [state[key] as Record<string, unknown>]]
      for (const sample of samples) {
        const tries = sample && typeof sample === 'object' ? [...variations(sample)] : [sample]
        for (const value of tries) {
          if (!check(value)) {
            refused++
            continue
          }
          passed++
          const parsed = zod.safeParse(value)
          expect(parsed.success, `${key}: ${JSON.stringify(value)}`).toBe(true)
          expect(parsed.data, key).toEqual(value)
        }
      }
    }
    expect(passed).toBeGreaterThan(100)
    expect(refused).toBeGreaterThan(1000)
  })
})
