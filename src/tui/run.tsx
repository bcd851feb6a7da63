// Opens the dashboard on a terminal and gives the terminal back as it was,
// however the dashboard ends: it draws on the alternate screen (as k9s and
// less do), so quitting leaves the shell's scrollback untouched.
import { render } from 'ink'
import type { Services } from '../core/services.js'
import type { State } from '../core/store/schema.js'
import { App } from './app.js'
import type { DashboardActions, DashboardEnv } from './context.js'
import { openGraphicsSession } from './graphical.js'
import { Live, type LiveOptions } from './live/live.js'
import { formActions, runServerAction } from './server-actions.js'
import { idleCollector } from './idle-gc.js'
import { frameDrawn } from './first-frame.js'
import { themeFor } from './theme.js'
import { yogaReady } from './yoga.js'
import type { ViewName } from './views/view.js'

/** How the dashboard is opened. */
export interface DashboardOptions {
  services: Services
  home: string
  initialView?: ViewName
  /** The store as read while the dashboard loaded, used for the first frame. */
  firstState?: Promise<State>
  live?: LiveOptions
  stdin?: NodeJS.ReadStream
  stdout?: NodeJS.WriteStream
  env?: NodeJS.ProcessEnv
}

const ENTER_ALT_SCREEN = '\x1b[?1049h'
const LEAVE_ALT_SCREEN = '\x1b[?1049l'
const SHOW_CURSOR = '\x1b[?25h'

/** The dashboard's actions on the control plane: the same ComputeApi calls as the CLI, and its consoles. */
export function dashboardActions(services: Services, live: Live): DashboardActions {
  return {
    async serverAction(name, ids) {
      const report = await runServerAction(services.compute, name, ids)
      // The task shows at once, and this process's conductor starts on it now.
      await live.reload()
      return report
    },
    refreshHosts: () => live.refreshHosts(),
    followLog: (id, lines) => services.compute.followConsoleLog(id, lines),
    openSerial: (id, size) => services.compute.openSerialConsole(id, { size, force: false }),
    openGraphics: (id) => openGraphicsSession(services.compute, id),
    ...formActions(services.compute, () => live.get().snapshot?.state ?? null, () => live.reload()),
  }
}

/** Runs the dashboard until the operator quits; returns whether tasks were left open. */
export async function runDashboard(options: DashboardOptions): Promise<{ openWork: boolean }> {
  const stdout = options.stdout ?? process.stdout
  const stdin = options.stdin ?? process.stdin
  const live = new Live(options.services, options.live)
  const env: DashboardEnv = { live, actions: dashboardActions(options.services, live), theme: themeFor(options.env ?? process.env), home: options.home, now: Date.now }
  const restore = () => stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN)
  // Even an unexpected exit gives the terminal back.
  process.once('exit', restore)
  stdout.write(ENTER_ALT_SCREEN)
  const idle = idleCollector()
  try {
    // The first read and yoga's WebAssembly load meanwhile; ink lays out no frame before both.
    await Promise.all([live.start(options.firstState), yogaReady])
    // The work after the first read (a deferred parse, the hashing) leaves garbage: collected once it is done.
    void live.settled().then(() => idle.settle())
    const app = render(<App env={env} initialView={options.initialView} />, {
      stdout,
      stdin,
      exitOnCtrlC: false, // Ctrl-C is a key of the keymap (and goes to the guest in a console pane)
      patchConsole: true,
      // ink 6.8's incremental mode writes changed lines one row off on a full-height
      // frame (seen in tmux at 100x30); a whole frame is ~3 KB, so it is redrawn whole.
      incrementalRendering: false,
      maxFps: 60,
      onRender: () => {
        idle.poke()
        frameDrawn()
      },
    })
    await app.waitUntilExit()
    app.cleanup()
    return { openWork: live.hasOpenWork() }
  } finally {
    idle.stop()
    live.close()
    process.off('exit', restore)
    restore()
  }
}
