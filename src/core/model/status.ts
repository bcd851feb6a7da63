// How power states read: Nova's display names for its power_state numbers.
// (The status, derived from vm_state and task_state, is in lifecycle.ts.)

const POWER_STATE_NAMES: Record<number, string> = {
  0: 'NOSTATE',
  1: 'Running',
  3: 'Paused',
  4: 'Shutdown',
  6: 'Crashed',
  7: 'Suspended',
}

/** Nova's display name for a power_state number. */
export function powerStateName(powerState: number): string {
  return POWER_STATE_NAMES[powerState] ?? `Unknown(${powerState})`
}
