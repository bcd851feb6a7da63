// How a server fails: vm_state error, no task, and Nova's instance fault.
import { nowIso } from '../clock.js'
import { POWER_STATE } from '../store/constants.js'
import type { Server } from '../store/schema.js'

/** Marks a server ERROR with Nova's fault. */
export function failServer(server: Server, message: string, details?: string): void {
  Object.assign(server, { vmState: 'error', taskState: null, powerState: POWER_STATE.NOSTATE, updatedAt: nowIso() })
  server.fault = { code: 500, message, ...(details ? { details } : {}), at: nowIso() }
}
