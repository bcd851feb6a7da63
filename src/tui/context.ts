// What screens reach through context: the live data and what the dashboard
// can do (actions, consoles), kept apart so a screen that only reads does
// not depend on the control plane, and tests can hand in their own.
import { createContext, useContext } from 'react'
import type { ConsoleSession } from '../core/api/compute-api.js'
import type { PtySize } from '../hypervisor/transport.js'
import type { GraphicsSession } from './graphical.js'
import type { Live } from './live/live.js'
import type { ActionReport, FormActions, ServerActionName } from './server-actions.js'
import type { Theme } from './theme.js'

/** What the dashboard can do besides reading (the prompts' and create form's actions: FormActions). */
export interface DashboardActions extends FormActions {
  serverAction(name: ServerActionName, ids: string[]): Promise<ActionReport>
  refreshHosts(): Promise<void>
  followLog(serverId: string, lines: number): Promise<ConsoleSession>
  openSerial(serverId: string, size: PtySize): Promise<ConsoleSession>
  /** The server's display, connected (refused as `console vnc` refuses: no display, not running). */
  openGraphics(serverId: string): Promise<GraphicsSession>
}

/** Everything the dashboard is given. */
export interface DashboardEnv {
  live: Live
  actions: DashboardActions
  theme: Theme
  /** The home shown in the header. */
  home: string
  /** The clock ages are measured against (tests fix it). */
  now: () => number
}

/** The dashboard's environment; App provides it. */
export const DashboardContext = createContext<DashboardEnv | null>(null)

/** The environment, for components under App. */
export function useDashboard(): DashboardEnv {
  const env = useContext(DashboardContext)
  if (!env) throw new Error('useDashboard outside the dashboard') // a bug
  return env
}
