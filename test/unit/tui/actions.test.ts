// Acting from the dashboard: server actions through the same ComputeApi as
// the CLI, the conductor running here so the task shows and ends, refusals
// in the error bar worded as the CLI words them, changes made elsewhere
// appearing live, and the console log and serial console panes.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Store } from '../../../src/core/store/store.js'
import { harness, type Harness } from '../../helpers/harness.js'
import { KEY, renderDashboard, type Rendered } from './harness.js'

let h: Harness
const open: Rendered[] = []
beforeEach(async () => {
  h = await harness([['sim1']])
  for (const name of ['alpha', 'beta']) await (await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
})
afterEach(() => {
  for (const r of open.splice(0)) r.close()
})

async function dashboard(): Promise<Rendered> {
  const r = await renderDashboard(h.services)
  open.push(r)
  await r.waitFor('servers (2)')
  return r
}

it('stops a server after asking, shows the task at once, and starts it again', async () => {
  const d = await dashboard()
  await d.press('s')
  await d.waitFor('stop alpha? y/N')
  await d.press('y')
  await d.waitFor(/> alpha +SHUTOFF/)
  expect((await h.server('alpha')).vmState).toBe('stopped')
  expect((await h.server('beta')).vmState).toBe('active')
  await d.press('S')
  await d.waitFor(/> alpha +ACTIVE/)
  const alpha = await h.server('alpha')
  const actions = (await h.services.store.read()).actions.filter((a) => a.serverId === alpha.id).map((a) => a.action)
  expect(actions).toEqual(['create', 'stop', 'start'])
})

it('does nothing when the confirmation is not y', async () => {
  const d = await dashboard()
  await d.press(KEY.ctrlD)
  await d.waitFor('delete alpha? y/N')
  await d.press('n')
  await d.waitFor((f) => !f.includes('y/N'))
  expect((await h.server('alpha')).vmState).toBe('active')
  expect((await h.services.store.read()).tasks.filter((t) => t.kind === 'delete')).toEqual([])
})

it('acts on every selected server', async () => {
  const d = await dashboard()
  await d.press(' ', ' ')
  await d.waitFor('2 selected')
  await d.press('L')
  await d.waitFor((f) => !f.includes('selected') || f.includes('2 selected'))
  await expect.poll(async () => [(await h.server('alpha')).locked, (await h.server('beta')).locked]).toEqual([true, true])
})

it('shows a refusal with the message and hint the CLI prints, until Esc', async () => {
  await h.services.compute.lockServers(['alpha'])
  // What the CLI would print for the same refusal.
  const { results } = await h.services.compute.powerAction(['alpha'], 'reboot_soft')
  const refusal = 'error' in results[0] ? results[0].error : null
  expect(refusal).not.toBeNull()
  const d = await dashboard()
  await d.press('r')
  const frame = await d.waitFor(`Error: ${refusal?.message}`.slice(0, 60))
  expect(frame).toContain(`Hint: ${refusal?.hint}`.slice(0, 60))
  await d.press(KEY.escape)
  await d.waitFor((f) => !f.includes('Error:'))
})

it('shows a change made by another writer within 300 ms', async () => {
  const d = await dashboard()
  const started = Date.now()
  await new Store(h.home).transact((state) => {
    const server = state.servers.find((s) => s.name === 'beta')
    if (server) server.name = 'gamma'
  })
  await d.waitFor('gamma', 2000)
  expect(Date.now() - started).toBeLessThan(300 + 150) // the commit itself takes a moment too
})

it('runs tasks queued by someone else while it is open', async () => {
  const d = await dashboard()
  // Queued without waiting (as a script's `server stop` without --wait leaves it to a conductor).
  await h.services.compute.powerAction(['beta'], 'stop')
  await d.waitFor(/beta +SHUTOFF/)
  expect((await h.services.store.read()).tasks.every((t) => t.status === 'succeeded')).toBe(true)
})

it('follows the console log in a pane, and Esc leaves it', async () => {
  const d = await dashboard()
  await d.press('l')
  const frame = await d.waitFor(/Console log of alpha \(following\)[^]*login:/)
  expect(frame).toContain('Following the console log')
  await d.press(KEY.escape)
  await d.waitFor('servers (2)')
})

it('attaches the serial console in a pane: keys reach the guest, Ctrl-] detaches', async () => {
  const d = await dashboard()
  await d.press('c')
  await d.waitFor(/Serial console of alpha \(attached[^]*login:/)
  await d.press('h', 'i', '\r')
  await d.waitFor('"hi" went nowhere')
  await d.press(KEY.detach)
  await d.waitFor('servers (2)')
})
