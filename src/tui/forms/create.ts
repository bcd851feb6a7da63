// The create-server form: its fields, the choices the store offers each, its
// keys, and the request it makes. The request is built as `server create`
// builds it from its flags and checked by the same core calls (planServers,
// which also gives the scheduler's dry run, checkGuest and the quota), so the
// form refuses what the CLI refuses, with the CLI's words.
import { homedir } from 'node:os'
import { LOCAL_ADMIN } from '../../core/api/caller.js'
import type { ComputeApi, CreateServerRequest } from '../../core/api/compute-api.js'
import { flavorsOf } from '../../core/api/flavor-api.js'
import { checkGuest } from '../../core/api/guest-request.js'
import { availabilityZones } from '../../core/api/server-request.js'
import { UserError } from '../../core/errors.js'
import { findOne } from '../../core/model/names.js'
import { serversAllowed } from '../../core/model/quotas.js'
import { schedulerConfig } from '../../core/scheduler/config.js'
import type { State } from '../../core/store/schema.js'
import { dryRunText, dryRunView } from '../../cli/dry-run.js'
import { readUserData } from '../../cli/user-data.js'
import { errorText } from '../server-actions.js'
import { flavorChoices, imageChoices } from './ask.js'
import { complete, edit, fieldMatches, matching, type Choice, type TextField } from './picker.js'

/** The form's fields, in order. */
export const CREATE_FIELDS = ['name', 'flavor', 'image', 'key', 'zone', 'group', 'count', 'userData'] as const
export type CreateField = (typeof CREATE_FIELDS)[number]

/** How each field is labelled, what it is (with the CLI flag it stands for), whether the store offers choices, and what empty means. */
export const FIELD_INFO: Record<CreateField, { label: string; help: string; picker: boolean; blank?: string }> = {
  name: { label: 'name', help: 'NAME: with a count above 1, NAME-1, NAME-2...', picker: false },
  flavor: { label: 'flavor', help: '--flavor', picker: true },
  image: { label: 'image', help: '--image (active images)', picker: true },
  key: { label: 'key', help: '--key-name', picker: true, blank: 'no key' },
  zone: { label: 'zone', help: '--availability-zone', picker: true, blank: 'any zone' },
  group: { label: 'group', help: '--server-group', picker: true, blank: 'no group' },
  count: { label: 'count', help: '--max: how many servers, placed all or none', picker: false },
  userData: { label: 'user data', help: '--user-data: a file (e.g. #cloud-config); ~/ works', picker: false, blank: 'none' },
}

/** What the form holds: each field's text. */
export type CreateValues = Record<CreateField, string>

/** The create form's pane: the fields, which has the focus (CREATE_FIELDS.length: the Create button), and whether a create is on its way. */
export interface CreatePane {
  kind: 'create'
  fields: Record<CreateField, TextField>
  focus: number
  busy: boolean
}

/** A new, empty form (one server). */
export function createPane(): CreatePane {
  const fields = Object.fromEntries(CREATE_FIELDS.map((f) => [f, { text: f === 'count' ? '1' : '' }])) as Record<CreateField, TextField>
  return { kind: 'create', fields, focus: 0, busy: false }
}

/** The form's values (trimmed). */
export function valuesOf(pane: CreatePane): CreateValues {
  return Object.fromEntries(CREATE_FIELDS.map((f) => [f, pane.fields[f].text.trim()])) as CreateValues
}

/** The choices the store offers a field (none for free text). */
export function fieldChoices(field: CreateField, state: State): Choice[] {
  switch (field) {
    case 'flavor':
      return flavorChoices(state)
    case 'image':
      return imageChoices(state)
    case 'key':
      return state.keypairs.filter((k) => k.userId === LOCAL_ADMIN.userId).map((k) => ({ value: k.name, note: k.type }))
    case 'zone':
      return availabilityZones(state).map((z) => ({ value: z }))
    case 'group':
      return state.serverGroups.filter((g) => g.projectId === LOCAL_ADMIN.projectId).map((g) => ({ value: g.name, note: g.policy }))
    default:
      return []
  }
}

/** What a key in the form leads to. */
export type CreateOutcome = { kind: 'pane'; pane: CreatePane } | { kind: 'close' } | { kind: 'submit'; values: CreateValues } | { kind: 'none' }

/**
 * One key in the form: ↑/↓ move between fields, Tab completes a picker field
 * (again: the next match) or moves on from a text field, Enter takes the
 * first match of what was typed and moves on, and on Create sends the
 * request; text edits the focused field; Esc cancels.
 */
export function createKey(pane: CreatePane, name: string, input: string, state: State | null): CreateOutcome {
  const last = CREATE_FIELDS.length
  const focusTo = (focus: number): CreateOutcome => ({ kind: 'pane', pane: { ...pane, focus: Math.max(0, Math.min(last, focus)) } })
  if (name === 'escape') return { kind: 'close' }
  if (name === 'up') return focusTo(pane.focus - 1)
  if (name === 'down') return focusTo(pane.focus + 1)
  if (pane.focus === last) {
    if (name === 'return') return pane.busy ? { kind: 'none' } : { kind: 'submit', values: valuesOf(pane) }
    return name === 'tab' ? focusTo(0) : { kind: 'none' }
  }
  const field = CREATE_FIELDS[pane.focus]
  const current = pane.fields[field]
  const choices = state && FIELD_INFO[field].picker ? fieldChoices(field, state) : []
  const withField = (f: TextField, focus = pane.focus): CreateOutcome => ({ kind: 'pane', pane: { ...pane, focus, fields: { ...pane.fields, [field]: f } } })
  if (name === 'tab') return choices.length > 0 ? withField(complete(current, choices)) : focusTo(pane.focus + 1)
  if (name === 'return') {
    const text = current.text.trim()
    const exact = choices.some((c) => c.value === text)
    const first = fieldMatches(current, choices)[0]
    return withField(text && !exact && first ? { text: first.value } : { text: current.text }, pane.focus + 1)
  }
  const edited = edit(current, name, input)
  return edited ? withField(edited) : { kind: 'none' }
}

/** The matches shown beside the focused field (what Tab would fill in). */
export function focusedMatches(pane: CreatePane, state: State | null): { field: CreateField; matches: Choice[]; current?: number; empty: string } | null {
  const field = CREATE_FIELDS[pane.focus]
  if (!field || !state || !FIELD_INFO[field].picker) return null
  const f = pane.fields[field]
  const choices = fieldChoices(field, state)
  const { label, blank } = FIELD_INFO[field]
  const empty = choices.length === 0 ? `No ${label}s yet${blank ? ` (empty: ${blank})` : ''}.` : `No ${label} matches.`
  return { field, matches: matching(choices, f.typed ?? f.text), current: f.cycle, empty }
}

// `~/` as a shell would expand it: the path is typed here, not in a shell.
const expandHome = (path: string) => (path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path)

/** The create request for the form's values, built as `server create` builds it from its flags. */
export async function createRequest(v: CreateValues): Promise<CreateServerRequest> {
  let max: number | undefined
  if (v.count) {
    // What oclif's integer flag parser refuses for --max.
    if (!/^\d+$/.test(v.count)) throw new UserError(`count must be a whole number, got ${JSON.stringify(v.count)}`, { hint: 'How many servers to create (--max), e.g. 1.' })
    max = Number(v.count)
  }
  return {
    name: v.name,
    flavor: v.flavor,
    image: v.image,
    placement: { hints: v.group ? { group: [v.group] } : {}, availabilityZone: v.zone || undefined, max },
    guest: { keyName: v.key || undefined, userData: v.userData ? await readUserData(expandHome(v.userData)) : undefined },
  }
}

/** What the check of the form found: the scheduler's explanation, or what is wrong as the CLI says it. */
export type CreateCheck = { ok: true; explanation: string; failure: boolean; count: number } | { ok: false; error: string }

/**
 * Checks the form as `server create` would check it and, when it passes, asks
 * the scheduler where the server(s) would land (`server create --dry-run`).
 * Nothing is recorded.
 */
export async function checkCreate(compute: ComputeApi, state: State, v: CreateValues): Promise<CreateCheck> {
  try {
    if (!v.name) throw new UserError('The server needs a name', { hint: 'Type one in the name field.' })
    if (!v.flavor) throw new UserError('Pick a flavor', { hint: 'Tab in the flavor field completes from the flavors.' })
    if (!v.image) throw new UserError('Pick an image', { hint: 'Tab in the image field completes from the active images.' })
    const request = await createRequest(v)
    const plan = await compute.planServers(request)
    checkGuest(state, request.guest ?? {}, LOCAL_ADMIN, schedulerConfig(state.config))
    const flavor = findOne('flavor', flavorsOf(state), v.flavor)
    const count = serversAllowed(state, LOCAL_ADMIN.projectId, flavor, 1, request.placement?.max ?? 1)
    const view = dryRunView(plan)
    return { ok: true, explanation: dryRunText(view), failure: view.failure !== null, count }
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: errorText(err) }
    throw err
  }
}

/** Sends the form's request (the same core create as `server create`); its tasks run in the dashboard's conductor. */
export async function submitCreate(compute: ComputeApi, v: CreateValues): Promise<{ ids: string[]; names: string[] }> {
  const { servers } = await compute.createServers(await createRequest(v))
  return { ids: servers.map((s) => s.id), names: servers.map((s) => s.name) }
}
