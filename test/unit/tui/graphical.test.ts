// `v` in the dashboard: the simulated server's screen takes the terminal (the
// same view as `console vnc`), Ctrl-] brings the dashboard back whole, and a
// server whose display cannot be reached says so with the CLI's words.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { errorText } from '../../../src/tui/server-actions.js'
import { harness, type Harness } from '../../helpers/harness.js'
import { KEY, renderDashboard, type Rendered } from './harness.js'

let h: Harness
const open: Rendered[] = []
beforeEach(async () => {
  // Half-block cells, whatever terminal the tests run in.
  vi.stubEnv('TERM', 'xterm-256color')
  vi.stubEnv('TERM_PROGRAM', '')
  vi.stubEnv('KITTY_WINDOW_ID', '')
  h = await harness([['sim1']])
  for (const name of ['alpha', 'beta']) await (await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
})
afterEach(() => {
  for (const r of open.splice(0)) r.close()
  vi.unstubAllEnvs()
})

async function dashboard(): Promise<Rendered> {
  const r = await renderDashboard(h.services)
  open.push(r)
  await r.waitFor('servers (2)')
  return r
}

// The dashboard takes keys again once React has re-run its input effect, just after the frame that shows it
// (a terminal buffers a key pressed meanwhile; the test terminal drops it): j is pressed until it moves.
async function keysWorkAgain(d: Rendered): Promise<void> {
  for (let tries = 0; ; tries++) {
    await d.press('j')
    try {
      return void (await d.waitFor(/> beta +ACTIVE/, 200))
    } catch (err) {
      if (tries === 20) throw err
    }
  }
}

it('shows the server screen in the terminal on v and comes back to the dashboard on Ctrl-]', async () => {
  const d = await dashboard()
  await d.press('v')
  // The view's status line and its half-block cells replace the dashboard.
  // The test terminal keeps only the last write: the status line comes with the first frame,
  // the cells with the first picture the display sends.
  const screen = await d.waitFor(/alpha 640x400 +Ctrl-\] back to the dashboard/)
  await d.waitFor('▀')
  expect(screen).not.toContain('servers (2)')
  await d.press(KEY.detach)
  const back = await d.waitFor('servers (2)')
  expect(back).toMatch(/> alpha +ACTIVE/)
  await keysWorkAgain(d)
})

it('says why with the CLI text when the server is not running, and stays on the dashboard', async () => {
  const d = await dashboard()
  await d.press('s')
  await d.waitFor('stop alpha? y/N')
  await d.press('y')
  await d.waitFor(/> alpha +SHUTOFF/)
  const refusal = await h.services.compute.openGraphics('alpha').then(
    () => null,
    (err: Error & { hint?: string }) => errorText(err),
  )
  expect(refusal).toMatch(/^Error: /)
  await d.press('v')
  // The bar's first line is cut at the terminal's width; the hint is whole.
  const [message, hint] = refusal!.split('\n')
  const frame = await d.waitFor(message.slice(0, 60))
  expect(frame).toContain(hint)
  expect(frame).toMatch(/> alpha +SHUTOFF/)
  await keysWorkAgain(d)
  await d.press(KEY.escape)
  await d.waitFor((f) => !f.includes(message.slice(0, 60)))
})
