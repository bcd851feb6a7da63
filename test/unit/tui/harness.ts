// One small render harness for the dashboard's screens: ink-testing-library's
// render (ink's own renderer with a fake terminal) with a terminal size the
// test chooses and changes, keys typed as a terminal sends them, and waits
// that end when the frame shows what the test expects (never a fixed sleep).
import { render } from 'ink-testing-library'
import { createElement } from 'react'
import { App } from '../../../src/tui/app.js'
import type { DashboardEnv } from '../../../src/tui/context.js'
import { Live, type LiveOptions } from '../../../src/tui/live/live.js'
import { dashboardActions } from '../../../src/tui/run.js'
import { themeFor } from '../../../src/tui/theme.js'
import type { ViewName } from '../../../src/tui/views/view.js'
import type { Services } from '../../../src/core/services.js'

/** Keys as a terminal sends them. */
export const KEY = { enter: '\r', escape: '\x1b', up: '\x1b[A', down: '\x1b[B', tab: '\t', backspace: '\x7f', ctrlC: '\x03', ctrlD: '\x04', detach: '\x1d' } as const

/** A rendered dashboard. */
export interface Rendered {
  /** The last frame, as plain text. */
  frame(): string
  /** The last frame as ink wrote it, colours and all. */
  raw(): string
  /** Resolves with the frame once `expect` matches it; fails with the last frame after `ms`. */
  waitFor(expect: string | RegExp | ((frame: string) => boolean), ms?: number): Promise<string>
  /** Types keys, one write each (as a person types). */
  press(...keys: string[]): Promise<void>
  resize(columns: number, rows: number): void
  live: Live
  close(): void
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g

/** Renders the dashboard over `services` at `columns` x `rows`. */
export async function renderDashboard(services: Services, options: { columns?: number; rows?: number; view?: ViewName; live?: LiveOptions; env?: NodeJS.ProcessEnv; home?: string } = {}): Promise<Rendered> {
  const live = new Live(services, { refreshMs: 0, fallbackMs: 100, ...options.live })
  await live.start()
  const env: DashboardEnv = { live, actions: dashboardActions(services, live), theme: themeFor(options.env ?? {}), home: options.home ?? services.store.home, now: Date.now }
  const instance = render(createElement(App, { env, initialView: options.view }))
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number }
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true })
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true })
    stdout.emit('resize')
  }
  const frame = () => (instance.lastFrame() ?? '').replace(ANSI, '')
  const waitFor = (expect: string | RegExp | ((f: string) => boolean), ms = 5000) =>
    new Promise<string>((resolve, reject) => {
      const test = (f: string) => (typeof expect === 'string' ? f.includes(expect) : expect instanceof RegExp ? expect.test(f) : expect(f))
      const check = () => {
        const f = frame()
        if (!test(f)) return false
        clearTimeout(timer)
        stdout.off('frame', check)
        resolve(f)
        return true
      }
      const timer = setTimeout(() => {
        stdout.off('frame', check)
        reject(new Error(`the dashboard never showed ${String(expect)}; last frame:\n${frame()}`))
      }, ms)
      stdout.on('frame', check)
      check()
    })
  // Tell waiters about every frame ink writes.
  const write = (instance.stdout as unknown as { write: (f: string) => void }).write
  ;(instance.stdout as unknown as { write: (f: string) => void }).write = (f: string) => {
    write(f)
    stdout.emit('frame')
  }
  const rows = options.rows ?? 24
  resize(options.columns ?? 80, rows)
  // From here on every frame has the size asked for.
  await waitFor((f) => f.split('\n').length === rows - 1 && f.split('\n').every((l) => l.length <= (options.columns ?? 80)))
  return {
    frame,
    raw: () => instance.lastFrame() ?? '',
    waitFor,
    async press(...keys) {
      for (const k of keys) {
        instance.stdin.write(k)
        // Let ink parse and React commit this key before the next, as between two keystrokes.
        await new Promise((r) => setImmediate(r))
      }
    },
    resize,
    live,
    close() {
      instance.unmount()
      instance.cleanup()
      live.close()
    },
  }
}
