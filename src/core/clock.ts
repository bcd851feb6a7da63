// Time in one place so records agree on format (ISO 8601, UTC).

/** The current time as an ISO 8601 string. */
export function nowIso(): string {
  return new Date().toISOString()
}
