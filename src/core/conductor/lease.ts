// Leases on tasks: who runs a task and until when. A lease is taken over at once
// when its owner is visibly gone on this machine, or when it expires.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Lease } from '../store/schema.js'

/** How long a lease holds without renewal; the runner renews it every third of this. */
export const LEASE_MS = 30_000

/** This process as a lease owner. */
export interface LeaseOwner {
  owner: string
  pid: number
  hostname: string
}

/** A fresh identity for this process's conductor. */
export function leaseOwner(): LeaseOwner {
  const host = hostname()
  return { owner: `${host}:${process.pid}:${randomBytes(3).toString('hex')}`, pid: process.pid, hostname: host }
}

/** A lease for `owner` that runs out LEASE_MS from now. */
export function newLease(owner: LeaseOwner, now: number): Lease {
  return { ...owner, expiresAt: new Date(now + LEASE_MS).toISOString() }
}

/** Whether the process with this pid exists on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether a lease still protects its task from being taken over. */
export function leaseHeld(lease: Lease | null, now: number): boolean {
  if (!lease) return false
  if (Date.parse(lease.expiresAt) <= now) return false
  if (lease.hostname === hostname() && lease.pid !== process.pid && !processAlive(lease.pid)) return false
  return true
}
