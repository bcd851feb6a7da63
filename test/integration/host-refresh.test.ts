// The dashboard's host refresh, run as a child homenova (src/tui/live/host-refresh.ts):
// it syncs the hosts through the built CLI, and a failure comes back as the
// CLI's own error line.
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { Store } from '../../src/core/store/store.js'
import { refreshInChild } from '../../src/tui/live/host-refresh.js'
import { fakeCluster } from '../helpers/cli.js'

const ROOT = resolve(import.meta.dirname, '../..')

it('syncs the hosts in a child: a guest that shut itself down is SHUTOFF, the host synced', async () => {
  const cli = await fakeCluster([['sim1']])
  expect((await cli.run('server', 'create', 'vm', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')).code).toBe(0)
  const store = new Store(cli.home)
  const before = await store.read()
  const vm = before.servers[0]
  await store.transact((s) => void (s.fakeDomains.find((d) => d.name === vm.domainName)!.state = 'shutoff'))
  await refreshInChild(ROOT, cli.home)
  const after = await store.read()
  expect(after.servers[0]).toMatchObject({ name: 'vm', vmState: 'stopped' })
  expect(after.hosts[0].syncedAt).not.toBe(before.hosts[0].syncedAt)
})

it("rejects with the CLI's error when the store cannot be read", async () => {
  const cli = await fakeCluster([['sim1']])
  await writeFile(join(cli.home, 'state.json'), '{ not json')
  await expect(refreshInChild(ROOT, cli.home)).rejects.toThrow(/^State file .*state\.json is not valid JSON .*homenova will not read or change it$/)
})
