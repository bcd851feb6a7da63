// Where homenova keeps its files. HOMENOVA_HOME wins; otherwise the XDG data dir.
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The homenova home directory: store, image registry, known_hosts. */
export function homenovaHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOMENOVA_HOME) return env.HOMENOVA_HOME
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(dataHome, 'homenova')
}

/** Files under a homenova home. */
export function homePaths(home: string) {
  return {
    home,
    images: join(home, 'images'),
    knownHosts: join(home, 'known_hosts'),
  }
}
