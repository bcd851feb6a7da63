// The store's inter-process lock: proper-lockfile's mkdir lock on `${home}/state.lock`.
// proper-lockfile only knows a lock is abandoned once its mtime is older than `stale`
// (at least 2 s), and records no owner. A homenova process killed mid-transaction
// would make every other process wait that long, so we hand proper-lockfile a small
// fs wrapper that writes an owner file (pid, hostname, token) inside the lock
// directory, reports a lock whose owner process is gone as stale, and removes a lock
// only if it is ours or still judged abandoned after moving it aside atomically.
// proper-lockfile 4.1.2 is frozen; these are exactly the fs calls it makes.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { UserError } from '../errors.js'

/** Name of the owner record inside the lock directory. */
export const OWNER_FILE = 'owner.json'

interface Owner { pid: number; hostname: string; token: string }
type Callback<T = void> = (err: NodeJS.ErrnoException | null, value?: T) => void

/** A held store lock. */
export interface HeldLock {
  /** Why the lock was lost while held (proper-lockfile saw it taken over), if it was. */
  compromised(): Error | undefined
  /** Releases the lock; never throws (a lock we cannot remove is breakable once we exit). */
  release(): Promise<void>
}

/** Whether a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(dir: string): Owner | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as Owner
  } catch {
    return undefined // gone meanwhile, or not made by us: judged by mtime alone
  }
}

function ownerIsDead(owner: Owner | undefined): boolean {
  return owner !== undefined && owner.hostname === os.hostname() && !isProcessAlive(owner.pid)
}

const aside = (dir: string, kind: 'new' | 'gone') => `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.${kind}`

// Removes a lock that is ours or abandoned (stale mtime, dead owner). It is moved
// aside first, which unlocks atomically (a kill now leaves only litter, never an
// ownerless lock) and freezes it while we judge; one that turns out to be alive
// (a race with a new owner) is put back.
function removeLockDir(dir: string, staleMs: number, token: string): void {
  const gone = aside(dir, 'gone')
  try {
    fs.renameSync(dir, gone)
  } catch {
    return // already gone: released, or broken by someone else
  }
  const holder = readOwner(gone)
  const stale = (fs.statSync(gone, { throwIfNoEntry: false })?.mtimeMs ?? 0) < Date.now() - staleMs
  if (holder?.token !== token && !stale && !ownerIsDead(holder)) {
    try {
      fs.renameSync(gone, dir)
      return
    } catch {
      // A new lock exists already; the owner we displaced sees its lock changed
      // (compromised), and the store's check before rename refuses its write.
    }
  }
  fs.rmSync(gone, { recursive: true, force: true })
}

function ownerFs(owner: Owner, staleMs: number) {
  return {
    ...fs,
    // A lock is born with its owner file: built under a temp name, then renamed into
    // place, which fails if a lock (never empty) is there.
    mkdir(dir: string, cb: Callback) {
      const fresh = aside(dir, 'new')
      try {
        fs.mkdirSync(fresh)
        fs.writeFileSync(path.join(fresh, OWNER_FILE), JSON.stringify(owner))
        fs.renameSync(fresh, dir)
        cb(null)
      } catch (err) {
        fs.rmSync(fresh, { recursive: true, force: true })
        const taken = ['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')
        cb(taken ? Object.assign(new Error(`${dir} exists`), { code: 'EEXIST' }) : (err as NodeJS.ErrnoException))
      }
    },
    stat(p: string, cb: Callback<{ mtime: Date }>) {
      fs.stat(p, (err, st) => {
        if (err) return cb(err)
        // proper-lockfile only reads mtime: a dead owner's lock reads as long stale.
        const holder = readOwner(p)
        cb(null, holder?.token !== owner.token && ownerIsDead(holder) ? { ...st, mtime: new Date(0) } : st)
      })
    },
    // Called to release, to take over a stale lock, and at exit.
    rmdir(dir: string, cb: Callback) {
      removeLockDir(dir, staleMs, owner.token)
      cb(null)
    },
    rmdirSync(dir: string) {
      removeLockDir(dir, staleMs, owner.token)
    },
  }
}

// Transactions take milliseconds, so poll often with jitter rather than back off.
const POLL_MS = 8
const WAIT_BEYOND_STALE_MS = 20_000

/** Takes the lock at `lockDir` guarding `target`, waiting for other processes. */
export async function acquireLock(target: string, lockDir: string, staleMs: number): Promise<HeldLock> {
  const owner: Owner = { pid: process.pid, hostname: os.hostname(), token: randomBytes(8).toString('hex') }
  let lost: Error | undefined
  let release: () => Promise<void>
  // Loaded on first use: read-only commands never lock, and start-up time counts.
  const { default: lockfile } = await import('proper-lockfile')
  const lock = (retries: number) =>
    lockfile.lock(target, {
      lockfilePath: lockDir,
      realpath: false,
      stale: staleMs,
      fs: ownerFs(owner, staleMs),
      retries: { retries, factor: 1, minTimeout: POLL_MS, randomize: true },
      onCompromised: (err) => {
        lost = err
      },
    })
  try {
    // One attempt first: the lock is usually free, and for the waiting schedule the
    // retry package computes all 2,500 waits up front (~5 ms of every transaction).
    release = await lock(0).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ELOCKED') throw err
      return lock(Math.ceil((staleMs + WAIT_BEYOND_STALE_MS) / (POLL_MS * 1.5)))
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err
    const holder = readOwner(lockDir)
    throw new UserError(`${target} is locked by another homenova process${holder ? ` (pid ${holder.pid} on ${holder.hostname})` : ''}`, {
      hint: `Wait for it to finish. If no homenova process is running, remove ${lockDir}.`,
      cause: err,
    })
  }
  return {
    compromised: () => lost,
    release: () => release().catch(() => undefined),
  }
}
