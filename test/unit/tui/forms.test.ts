// The dashboard's prompts and create form: actions that need an argument
// (resize, rebuild, rescue, snapshot) and the create-server form, each
// through the same core calls as the CLI, checked as typed with the CLI's
// words, and shown at once in the table.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { dryRunText, dryRunView } from '../../../src/cli/dry-run.js'
import { harness, type Harness } from '../../helpers/harness.js'
import { KEY, renderDashboard, type Rendered } from './harness.js'

let h: Harness
const open: Rendered[] = []
beforeEach(async () => {
  h = await harness([['sim1'], ['sim2']])
  for (const name of ['alpha', 'beta']) await (await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
})
afterEach(() => {
  for (const r of open.splice(0)) r.close()
})

async function dashboard(columns = 80, rows = 24): Promise<Rendered> {
  const r = await renderDashboard(h.services, { columns, rows })
  open.push(r)
  await r.waitFor('servers (2)')
  return r
}

const type = (d: Rendered, text: string) => d.press(...text.split(''))
const actionsOf = async (name: string) => {
  const state = await h.services.store.read()
  const id = state.servers.find((s) => s.name === name)?.id
  return state.actions.filter((a) => a.serverId === id).map((a) => a.action)
}

it('resizes from a flavor picker, then confirms the resize', async () => {
  const d = await dashboard(100, 24)
  await d.press('f')
  let frame = await d.waitFor('Resize alpha: which flavor?')
  // The current flavor is not offered; the others are, with their sizes.
  expect(frame).not.toMatch(/^ {2}m1\.tiny/m)
  expect(frame).toMatch(/m1\.small +1 vCPU, 2048 MB, 20 GB/)
  await type(d, 'sma')
  frame = await d.waitFor('Enter takes m1.small')
  expect(frame).not.toContain('m1.large')
  await d.press(KEY.enter)
  await d.waitFor(/> alpha +VERIFY_RESIZE/)
  expect((await h.server('alpha')).flavor.name).toBe('m1.small')
  await d.press('a')
  await d.waitFor(/> alpha +ACTIVE/)
  expect(await actionsOf('alpha')).toEqual(['create', 'resize', 'confirmResize'])
})

it('checks the argument as it is typed with the words of the CLI, and sends nothing that fails', async () => {
  const d = await dashboard()
  await d.press('f')
  await type(d, 'zzz')
  const frame = await d.waitFor('Error: No flavor named or with ID "zzz"')
  expect(frame).toContain('Hint: List them with `homenova flavor list`.')
  expect(frame).toContain('No flavor matches "zzz"')
  await d.press(KEY.enter)
  await d.press(KEY.backspace, KEY.backspace, KEY.backspace)
  await d.waitFor('Enter takes m1.small')
  await d.press(KEY.escape)
  await d.waitFor('servers (2)')
  expect(await actionsOf('alpha')).toEqual(['create'])
})

it('walks the matches with Tab and the arrows', async () => {
  const d = await dashboard()
  await d.press('f')
  await type(d, 'm1')
  await d.press(KEY.tab)
  await d.waitFor(/flavor: m1\.small$/m)
  await d.press(KEY.down)
  await d.waitFor(/flavor: m1\.medium$/m)
  await d.press(KEY.up, KEY.up)
  await d.waitFor(/flavor: m1\.xlarge$/m)
})

it('checks the server too as the argument is typed (here: it is locked), with the words of the CLI', async () => {
  await h.services.compute.lockServers(['alpha'])
  const { results } = await h.services.compute.resizeServer('alpha', 'm1.small')
  const refusal = 'error' in results[0] ? results[0].error : null
  expect(refusal).not.toBeNull()
  const d = await dashboard()
  await d.press('f')
  await type(d, 'm1.small')
  const frame = await d.waitFor(`Error: ${refusal?.message}`.slice(0, 60))
  expect(frame).toContain(`Hint: ${refusal?.hint}`.slice(0, 60))
  await d.press(KEY.enter)
  await d.waitFor('Resize alpha: which flavor?')
  expect(await actionsOf('alpha')).toEqual(['create', 'lock'])
  expect((await h.server('alpha')).flavor.name).toBe('m1.tiny')
})

it('sends to the selected servers that take it, and shows the refusals in the error bar as the CLI prints them', async () => {
  await h.services.compute.lockServers(['beta'])
  const { results } = await h.services.compute.resizeServer('beta', 'm1.small')
  const refusal = 'error' in results[0] ? results[0].error : null
  const d = await dashboard(100, 24)
  await d.press(' ', ' ', 'f')
  await type(d, 'm1.small')
  await d.waitFor('1 of 2 servers take it; Enter sends it to them.')
  await d.press(KEY.enter)
  const frame = await d.waitFor(`Error: ${refusal?.message}`.slice(0, 60))
  expect(frame).toContain(`Hint: ${refusal?.hint}`.slice(0, 60))
  await d.waitFor(/alpha +VERIFY_RESIZE/)
  expect((await h.server('alpha')).flavor.name).toBe('m1.small')
  expect((await h.server('beta')).flavor.name).toBe('m1.tiny')
})

it('rebuilds only after y, from the image picked', async () => {
  const d = await dashboard()
  await d.press('b')
  await d.waitFor('Rebuild alpha: which image?')
  await d.waitFor('(empty: its own image)')
  await type(d, 'ti')
  await d.press(KEY.enter)
  await d.waitFor('Rebuild alpha from tiny? Everything on the disk is lost. y/N')
  await d.press('n')
  await d.waitFor('servers (2)')
  expect(await actionsOf('alpha')).toEqual(['create'])
  await d.press('b', KEY.enter)
  await d.waitFor('Rebuild alpha from its own image?')
  await d.press('y')
  await expect.poll(() => actionsOf('alpha')).toEqual(['create', 'rebuild'])
  await d.waitFor(/> alpha +ACTIVE/)
})

it('rescues with the default image and unrescues', async () => {
  const d = await dashboard()
  await d.press('e')
  await d.waitFor("(empty: the image's hw_rescue_image, else its own image)")
  await d.press(KEY.enter)
  await d.waitFor(/> alpha +RESCUE/)
  await d.press('E')
  await d.waitFor(/> alpha +ACTIVE/)
  expect(await actionsOf('alpha')).toEqual(['create', 'rescue', 'unrescue'])
})

it('snapshots every selected server, each image named after its server', async () => {
  const d = await dashboard()
  await d.press(' ', ' ')
  await d.waitFor('2 selected')
  await d.press('i')
  await d.waitFor('Snapshot alpha, beta: which image name?')
  await d.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace)
  await type(d, 'nightly')
  await d.waitFor('Each image is named NAME-SERVER (nightly-alpha...)')
  await d.press(KEY.enter)
  await expect.poll(async () => (await h.services.store.read()).images.map((i) => i.name).sort()).toEqual(['nightly-alpha', 'nightly-beta', 'tiny'])
})

it('a snapshot name is checked as a name', async () => {
  const d = await dashboard()
  await d.press('i')
  await d.waitFor(/image name: alpha-snapshot$/m)
  await d.press('\x15') // Ctrl-U clears the field
  await d.waitFor('Error: Invalid image name ""')
  await d.press(KEY.enter)
  await d.waitFor('Snapshot alpha: which image name?')
  expect((await h.services.store.read()).images).toHaveLength(1)
})

it('creates a server from the form, after showing where the scheduler would place it', async () => {
  const userData = join(h.home, 'cloud.yaml')
  writeFileSync(userData, '#cloud-config\n')
  const d = await dashboard(100, 30)
  await d.press('n')
  await d.waitFor('New server')
  await type(d, 'gamma')
  await d.press(KEY.down)
  // The flavor field offers the flavors as it is typed.
  await type(d, 'sm')
  await d.waitFor(/m1\.small +1 vCPU/)
  await d.press(KEY.enter) // takes m1.small, on to image
  await type(d, 'ti')
  await d.press(KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter) // image, key, zone, group, count
  await type(d, userData)
  // The same explanation `server create --dry-run` prints.
  const plan = dryRunText(dryRunView(await h.services.compute.planServers({ name: 'gamma', flavor: 'm1.small', image: 'tiny' })))
  const chosen = plan.split('\n').find((l) => l.startsWith('Chosen:'))!
  const frame = await d.waitFor(chosen)
  expect(frame).toContain('Where it would land (scheduler dry run):')
  expect(frame).toMatch(/flavor +m1\.small/)
  await d.press(KEY.enter) // on to Create
  await d.press(KEY.enter)
  await d.waitFor(/> gamma +(BUILD|ACTIVE)/)
  await d.waitFor(/> gamma +ACTIVE/)
  const gamma = await h.server('gamma')
  expect(gamma.flavor.name).toBe('m1.small')
  expect(Buffer.from(gamma.userData ?? '', 'base64').toString()).toBe('#cloud-config\n')
})

it('refuses in the form what the CLI refuses, with its words, and keeps what was typed', async () => {
  const d = await dashboard(100, 30)
  await d.press('n')
  await type(d, 'gamma')
  await d.press(KEY.down)
  await type(d, 'm1.tiny')
  await d.press(KEY.down)
  await type(d, 'tiny')
  await d.press(KEY.down)
  await type(d, 'nokey')
  await d.waitFor('Error: No keypair named "nokey"')
  await d.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.down, KEY.down, KEY.down)
  await d.press(KEY.backspace)
  await type(d, 'x')
  await d.waitFor('Error: count must be a whole number, got "x"')
  await d.press(KEY.backspace)
  await type(d, '0')
  await d.waitFor('Error: --max must be a whole number >= 1, got 0')
  // Sent anyway: refused by core, in the error bar, the form still open with its values.
  await d.press(KEY.down, KEY.down, KEY.enter)
  const frame = await d.waitFor(/Error: --max must be a whole number >= 1, got 0 +\(Esc dismisses\)/)
  expect(frame).toMatch(/name +gamma/)
  await d.press(KEY.escape)
  await d.waitFor((f) => !f.includes('Esc dismisses') && f.includes('New server'))
  await d.press(KEY.escape)
  await d.waitFor('servers (2)')
  expect((await h.services.store.read()).servers).toHaveLength(2)
})

it('lists the new keys in the help of the servers view', async () => {
  const d = await dashboard(100, 60)
  await d.press('?')
  const frame = await d.waitFor('Keys of the servers view')
  for (const line of [/n +New server: a form/, /f +Resize to another flavor/, /b +Rebuild from an image/, /e +Rescue/, /i +Snapshot/, /a +Confirm a resize/]) expect(frame).toMatch(line)
})

it('fits the form in 80x24 without colour: the focused field and the match Tab is on are marked', async () => {
  const r = await renderDashboard(h.services, { columns: 80, rows: 24, env: { NO_COLOR: '1' } })
  open.push(r)
  await r.waitFor('servers (2)')
  await r.press('n', ...'web'.split(''), KEY.down, ...'m1'.split(''), KEY.tab, KEY.tab)
  const frame = await r.waitFor(/> flavor +m1\.small/)
  expect(frame).toMatch(/> m1\.small +1 vCPU/)
  expect(frame).toContain('[ Create ]')
  expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true)
})

it('tries the argument without changing what the screens show', async () => {
  const d = await dashboard()
  const before = d.live.get().snapshot!.state
  const counts = { actions: before.actions.length, tasks: before.tasks.length, images: before.images.length }
  await d.press('i')
  await d.waitFor('OK: Enter sends it')
  await d.press(KEY.escape, 'b')
  await d.waitFor('OK: Enter sends it')
  await d.press(KEY.escape, 'f', ...'m1.small'.split(''))
  await d.waitFor('OK: Enter sends it')
  await d.press(KEY.escape)
  await d.waitFor('servers (2)')
  const after = d.live.get().snapshot!.state
  expect({ actions: after.actions.length, tasks: after.tasks.length, images: after.images.length }).toEqual(counts)
  expect(after.servers.map((s) => [s.name, s.taskState, s.flavor.name])).toEqual([
    ['alpha', null, 'm1.tiny'],
    ['beta', null, 'm1.tiny'],
  ])
  expect(after.requestSpecs.map((r) => r.imageId)).toEqual(before.requestSpecs.map(() => after.images[0].id))
})

it('migrates after asking, then reverts after asking: back on its host', async () => {
  const d = await dashboard(100, 24)
  const host = (await h.server('alpha')).host
  await d.press('m')
  await d.waitFor('migrate alpha? y/N')
  await d.press('y')
  await d.waitFor(/> alpha +VERIFY_RESIZE/)
  expect((await h.server('alpha')).host).not.toBe(host)
  await d.press('A')
  await d.waitFor('revert resize alpha? y/N')
  await d.press('y')
  await d.waitFor(/> alpha +ACTIVE/)
  expect((await h.server('alpha')).host).toBe(host)
  expect(await actionsOf('alpha')).toEqual(['create', 'migrate', 'revertResize'])
})

it('live-migrates after asking: running all along, then on another host', async () => {
  const d = await dashboard(100, 24)
  const host = (await h.server('alpha')).host
  await d.press('M')
  await d.waitFor('live migrate alpha? y/N')
  await d.press('y')
  await vi.waitFor(async () => expect(await actionsOf('alpha')).toEqual(['create', 'live-migration']))
  await vi.waitFor(async () => expect(await h.server('alpha')).toMatchObject({ vmState: 'active', taskState: null }), { timeout: 10_000 })
  expect((await h.server('alpha')).host).not.toBe(host)
  await d.waitFor(/> alpha +ACTIVE/)
})

it('shelves after asking and unshelves', async () => {
  const d = await dashboard(100, 24)
  await d.press('h')
  await d.waitFor('shelve alpha? y/N')
  await d.press('y')
  await d.waitFor(/> alpha +SHELVED_OFFL/)
  await d.press('H')
  await d.waitFor(/> alpha +ACTIVE/)
  expect(await actionsOf('alpha')).toEqual(['create', 'shelve', 'unshelve'])
})
