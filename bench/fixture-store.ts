// A store for the benchmarks: `servers` active servers on 10 fake hosts, each with
// what a real one carries (allocation, request spec, instance action with its
// event and steps, fake domain), the default flavors and one image.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../src/core/store/store.js'
import { defaultFlavors } from '../src/core/model/flavors.js'
import { makeInventory } from '../src/core/model/placement.js'

const HOSTS = 10

/** A fresh $HOMENOVA_HOME holding `servers` servers; returns its path. */
export async function storeWithServers(servers: number): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), `bench-store-${servers}-`))
  await new Store(home).transact((state) => {
    const flavors = defaultFlavors()
    const flavor = flavors[0]
    const now = new Date().toISOString()
    state.flavors.push(...flavors)
    state.flavorsSeeded = true
    state.images.push({ id: 'img-0000', name: 'cirros', status: 'active', diskFormat: 'qcow2', containerFormat: 'bare', size: 1 << 20, virtualSize: 1 << 30, checksum: 'a'.repeat(64), md5: 'b'.repeat(32), minDisk: 0, minRam: 0, visibility: 'public', protected: false, file: '/x/img', properties: {}, createdAt: now, updatedAt: now })
    for (let h = 0; h < HOSTS; h++) {
      state.hosts.push({
        id: `h${h}`, name: `sim${h}`, driver: 'fake', connection: { kind: 'fake' }, uri: 'qemu:///system', virtType: 'qemu', instancesDir: '/x', status: 'up', enabled: true,
        inventory: { VCPU: makeInventory('VCPU', 4096), MEMORY_MB: makeInventory('MEMORY_MB', 16 << 20, 512), DISK_GB: makeInventory('DISK_GB', 400_000) },
        facts: { cpu_model: 'fake', memory_mb: 16 << 20 }, traits: ['COMPUTE_NET_ATTACH_INTERFACE'], networks: [{ name: 'user', type: 'user', active: true }], failedBuilds: 0, createdAt: now, updatedAt: now,
      })
    }
    for (let i = 0; i < servers; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`
      const host = `h${i % HOSTS}`
      const requestId = `req-${id}`
      state.servers.push({ id, name: `vm-${i}`, vmState: 'active', taskState: null, powerState: 1, host, domainName: `instance-${id.slice(0, 8)}`, flavor, imageId: 'img-0000', projectId: 'admin', userId: 'admin', availabilityZone: null, properties: { role: 'bench' }, description: null, locked: false, hostname: `vm-${i}`, keyName: null, keyData: null, userData: null, files: [], configDrive: false, launchIndex: 0, nics: [{ network: 'user', mac: 'fa:16:3e:00:00:00' }], addresses: { private: [{ addr: `10.0.${i >> 8}.${i & 255}`, version: 4, type: 'fixed', mac: 'fa:16:3e:00:00:00' }] }, createdAt: now, updatedAt: now, launchedAt: now })
      state.allocations.push({ consumerId: id, providerId: host, resources: { VCPU: flavor.vcpus, MEMORY_MB: flavor.ramMb, DISK_GB: flavor.diskGb } })
      state.requestSpecs.push({ instanceId: id, flavor, imageId: 'img-0000', projectId: 'admin', userId: 'admin', numInstances: 1, hints: {}, networks: ['user'] })
      // Nova keeps at most 5000 instance actions per store, and so does homenova.
      if (i < 5000) state.actions.push({ requestId, serverId: id, action: 'create', projectId: 'admin', userId: 'admin', startTime: now, finishTime: now, events: [{ event: 'compute__do_build_and_run_instance', startTime: now, finishTime: now, result: 'Success', steps: [{ name: 'image', at: now }, { name: 'spawn', at: now }] }] })
      state.fakeDomains.push({ hostId: host, name: `instance-${id.slice(0, 8)}`, state: 'running', consoleLog: 'login: ' })
    }
  })
  return home
}
