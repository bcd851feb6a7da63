// Stands in for `cli-spinners` inside the bundle (scripts/build.mjs aliases it):
// oclif requires its big table of spinners at start-up, though it draws one
// only while an action runs on a terminal. The table is loaded when a spinner
// is first looked up.
import { createRequire } from 'node:module'

type Spinners = Record<string, { interval: number; frames: string[] }>

let spinners: Spinners | undefined
const load = (): Spinners => (spinners ??= createRequire(import.meta.url)('cli-spinners') as Spinners)

/** cli-spinners' table, read on first use. */
export default new Proxy({} as Spinners, {
  get: (_, name) => load()[name as string],
  has: (_, name) => name in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, name) => Reflect.getOwnPropertyDescriptor(load(), name),
})
