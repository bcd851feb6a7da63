// Servers are listed as Nova lists them: newest first (created_at descending),
// and servers made at the same instant last made first.
import { describe, expect, it } from 'vitest'
import { newestFirst } from '../../src/core/model/servers.js'
import type { Server } from '../../src/core/store/schema.js'

const server = (name: string, createdAt: string) => ({ name, createdAt }) as Server

describe('newestFirst', () => {
  it('puts the newest first, and of servers made at one instant the last made', () => {
    const made = [server('a', '2026-01-01T10:00:00.000Z'), server('web-1', '2026-01-02T09:00:00.000Z'), server('web-2', '2026-01-02T09:00:00.000Z'), server('z', '2025-12-31T23:59:59.999Z'), server('b', '2026-01-03T00:00:00.000Z')]
    expect(newestFirst(made).map((s) => s.name)).toEqual(['b', 'web-2', 'web-1', 'a', 'z'])
    expect(made.map((s) => s.name)).toEqual(['a', 'web-1', 'web-2', 'z', 'b']) // the store's list is left as it is
  })
})
