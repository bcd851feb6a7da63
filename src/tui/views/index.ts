// Every view, in the order `?` and completion list them, and finding one by a name `:` was given.
import { aggregatesView, groupsView } from './placement.js'
import { flavorsView, imagesView, keypairsView } from './catalog.js'
import { hostsView } from './hosts.js'
import { serversView } from './servers.js'
import type { View, ViewName } from './view.js'
import { eventsView, tasksView } from './work.js'

/** The views, in the order they are offered. */
export const VIEWS: readonly View[] = [serversView, hostsView, flavorsView, imagesView, keypairsView, tasksView, eventsView, aggregatesView, groupsView]

/** The view of a canonical name. */
export function viewNamed(name: ViewName): View {
  const view = VIEWS.find((v) => v.name === name)
  if (!view) throw new Error(`no view ${name}`) // a bug: ViewName lists only these
  return view
}

/** Every name `:` knows (canonical names first), lower-case. */
export function viewNames(): string[] {
  return [...VIEWS.map((v) => v.name), ...VIEWS.flatMap((v) => v.aliases)]
}

/**
 * The view a typed name means: an exact name or alias, else the only view
 * with a name or alias starting with it. Null when none or several match.
 */
export function resolveView(typed: string): View | null {
  const t = typed.trim().toLowerCase()
  if (!t) return null
  const exact = VIEWS.find((v) => v.name === t || v.aliases.includes(t))
  if (exact) return exact
  const prefixed = VIEWS.filter((v) => v.name.startsWith(t) || v.aliases.some((a) => a.startsWith(t)))
  return prefixed.length === 1 ? prefixed[0] : null
}

/** Completions for what is typed after `:`: canonical names first, then aliases, each once. */
export function completeView(typed: string): string[] {
  const t = typed.trim().toLowerCase()
  return [...new Set(viewNames().filter((n) => n.startsWith(t)))]
}
