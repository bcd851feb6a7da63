// Identifies one version of state.json: every commit renames a new file into
// place, so its inode (with size and mtime) changes. ctime and nlink are left
// out because linking state.json.prev changes them. Used to tell whether the
// file is the one last read or written (store, watch, the readers that cache).
import type { BigIntStats } from 'node:fs'

/** The version of a file, from stat(..., { bigint: true }). */
export const fingerprint = (st: BigIntStats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`
