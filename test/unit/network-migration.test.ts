// A state file from before networks (schema 3) opens with every server on the
// user network, with the MAC it always had, and every host offering it.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { macAddress } from '../../src/core/conductor/context.js'
import { createServices } from '../../src/core/services.js'

describe('schema 3 -> 4: networks', () => {
  it('puts existing servers on user with their old MAC, their request specs asking for it, and hosts offering user until probed again', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'homenova-netmig-'))
    const services = createServices(home)
    await services.hosts.add({ name: 'sim1', driver: 'fake', fake: { vcpus: 4, memoryMb: 8192, diskGb: 100, properties: { networks: 'br0' } } }, { trustOnFirstUse: false })
    const imageFile = path.join(home, 'img.raw')
    await writeFile(imageFile, Buffer.alloc(4096))
    const image = await services.images.create('img', imageFile)
    const { servers } = await services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: image.id })
    // The same state as homenova 3 wrote it: no networks anywhere.
    const file = path.join(home, 'state.json')
    const v4 = JSON.parse(await readFile(file, 'utf8'))
    const v3 = {
      ...v4,
      version: 3,
      consoleAuthTokens: undefined,
      hosts: v4.hosts.map(({ networks: _n, ...h }: Record<string, unknown>) => h),
      servers: v4.servers.map(({ nics: _n, ...s }: Record<string, unknown>) => s),
      requestSpecs: v4.requestSpecs.map(({ networks: _n, ...r }: Record<string, unknown>) => r),
    }
    await writeFile(file, JSON.stringify(v3))

    const state = await createServices(home).store.read()
    expect(state.version).toBe(4)
    expect(state.servers[0].nics).toEqual([{ network: 'user', mac: macAddress(servers[0].id) }])
    expect(state.requestSpecs[0].networks).toEqual(['user'])
    expect(state.hosts[0].networks).toEqual([{ name: 'user', type: 'user', active: true }])
    // `host refresh` probes again and finds the rest.
    const refreshed = await createServices(home).hosts.refresh('sim1')
    expect(refreshed.networks.map((n) => n.name)).toEqual(['user', 'br0'])
  })
})
