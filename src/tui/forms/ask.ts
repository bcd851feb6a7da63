// The prompt of the actions that need an argument (resize: a flavor, rebuild
// and rescue: an image, snapshot: a name): its state, the choices the store
// offers, the check of what is typed, and its keys. The check is a trial of
// the very function nova-api runs to accept the action (acceptMove,
// acceptRebuild...) on a scratch copy of what it touches, so the prompt says
// what the CLI would say about the same text and server: no such flavor, a
// locked server, a disk that would shrink, a quota. The store is not written;
// the action itself checks again when it is sent, against the store as it is then.
import { LOCAL_ADMIN } from '../../core/api/caller.js'
import { flavorsOf } from '../../core/api/flavor-api.js'
import { UserError } from '../../core/errors.js'
import type { Server, State } from '../../core/store/schema.js'
import { size } from '../format.js'
import { ARG_ACTIONS, argFor, errorText, type ArgActionName } from '../server-actions.js'
import { complete, edit, fieldMatches, type Choice, type TextField } from './picker.js'

/** The pane of an action asking for its argument. */
export interface AskPane {
  kind: 'ask'
  action: ArgActionName
  ids: string[]
  names: string[]
  field: TextField
  /** The argument is chosen and a destructive action waits for y. */
  confirming: boolean
}

/** What each action asks for, as the prompt's label says it. */
export const ASKS: Record<ArgActionName, { label: string; blankMeans?: string }> = {
  resize: { label: 'flavor' },
  rebuild: { label: 'image', blankMeans: 'its own image' },
  rescue: { label: 'rescue image', blankMeans: "the image's hw_rescue_image, else its own image" },
  snapshot: { label: 'image name' },
}

/** The prompt for an action on servers, with its default text. */
export function askPane(action: ArgActionName, ids: string[], names: string[]): AskPane {
  const text = action === 'snapshot' ? (names.length === 1 ? `${names[0]}-snapshot` : 'snapshot') : ''
  return { kind: 'ask', action, ids, names, field: { text }, confirming: false }
}

/** The flavors, with their sizes, as pickers offer them. */
export function flavorChoices(state: State): Choice[] {
  return flavorsOf(state).map((f) => ({ value: f.name, note: `${f.vcpus} vCPU, ${f.ramMb} MB, ${f.diskGb} GB` }))
}

/** The active images (the ones a server can boot), as pickers offer them. */
export function imageChoices(state: State): Choice[] {
  return state.images.filter((i) => i.status === 'active').map((i) => ({ value: i.name, note: `${i.diskFormat} ${size(i.size)}` }))
}

/** The choices for an action's argument (a snapshot's name is free text: none). */
export function askChoices(action: ArgActionName, state: State, servers: readonly Server[]): Choice[] {
  if (action === 'resize') return flavorChoices(state).filter((c) => !servers.every((s) => s.flavor.name === c.value))
  if (action === 'rebuild' || action === 'rescue') return imageChoices(state)
  return []
}

/**
 * A copy of `state` an accept function may change without touching the
 * snapshot the screens show: the server and its request spec cloned (they are
 * changed in place), the lists it appends to (actions, tasks, images) copied;
 * the rest shared, as it is only read.
 */
function scratch(state: State, server: Server): { state: State; server: Server } {
  const own = structuredClone(server)
  return {
    server: own,
    state: {
      ...state,
      servers: state.servers.map((s) => (s.id === server.id ? own : s)),
      requestSpecs: state.requestSpecs.map((r) => (r.instanceId === server.id ? structuredClone(r) : r)),
      actions: [...state.actions],
      tasks: [...state.tasks],
      images: [...state.images],
    },
  }
}

/** What a trial of the argument found: how many servers would take it, and the first refusal as the CLI prints it. */
export interface Trial {
  accepted: number
  refused: number
  problem: string | null
}

// Trials per store snapshot: a trial counts the project's usage over every
// server (the quota check), ~10 ms with 10,000 servers, and the prompt is drawn
// again on every tick of the clock, not only when the text or the store change.
const trials = new WeakMap<State, Map<string, Trial>>()

/** Tries `text` as the action's argument on each server (as several servers named to the CLI are each accepted or refused). */
export function tryArg(action: ArgActionName, state: State, servers: readonly Server[], text: string): Trial {
  let known = trials.get(state)
  if (!known) trials.set(state, (known = new Map()))
  const key = JSON.stringify([action, servers.map((s) => s.id), text])
  const done = known.get(key)
  if (done) return done
  const trial: Trial = { accepted: 0, refused: 0, problem: null }
  known.set(key, trial)
  for (const server of servers) {
    try {
      const copy = scratch(state, server)
      ARG_ACTIONS[action].accept(copy.state, copy.server, LOCAL_ADMIN, argFor(action, text, server.name, servers.length))
      trial.accepted++
    } catch (err) {
      if (!(err instanceof UserError)) throw err
      trial.refused++
      trial.problem ??= errorText(err)
    }
  }
  return trial
}

/** The first of `matches` some server would take (what Enter takes when what is typed is taken by none). */
export function firstAccepted(action: ArgActionName, state: State, servers: readonly Server[], matches: readonly Choice[]): string | null {
  return matches.find((m) => tryArg(action, state, servers, m.value).accepted > 0)?.value ?? null
}

/** What a key in the prompt leads to. */
export type AskOutcome = { kind: 'pane'; pane: AskPane } | { kind: 'close' } | { kind: 'run'; arg: string } | { kind: 'none' }

/**
 * One key in the prompt: text edits the argument, Tab/↓ and Shift-Tab/↑ walk
 * the matching choices, Enter takes the argument (or the first match when
 * what is typed is not one) and runs it (after y for rebuild), Esc cancels.
 */
export function askKey(pane: AskPane, name: string, input: string, state: State | null): AskOutcome {
  if (name === 'escape') return { kind: 'close' }
  if (pane.confirming) return input === 'y' || input === 'Y' ? { kind: 'run', arg: pane.field.text } : { kind: 'close' }
  if (!state) return { kind: 'none' }
  const servers = pane.ids.map((id) => state.servers.find((s) => s.id === id)).filter((s): s is Server => s !== undefined)
  const choices = askChoices(pane.action, state, servers)
  if (name === 'tab' || name === 'down' || name === 'up') {
    return { kind: 'pane', pane: { ...pane, field: complete(pane.field, choices, name === 'up' ? -1 : 1) } }
  }
  if (name === 'return') {
    let text = pane.field.text.trim()
    // Sent when at least one server takes it; the others' refusals then show in the error bar, as the CLI reports each.
    if (tryArg(pane.action, state, servers, text).accepted === 0) {
      const first = firstAccepted(pane.action, state, servers, fieldMatches(pane.field, choices))
      if (!first) return { kind: 'none' }
      text = first
    }
    if (pane.action === 'rebuild') return { kind: 'pane', pane: { ...pane, field: { text }, confirming: true } }
    return { kind: 'run', arg: text }
  }
  const field = edit(pane.field, name, input)
  return field ? { kind: 'pane', pane: { ...pane, field } } : { kind: 'none' }
}
