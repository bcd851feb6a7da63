// The dashboard's own state (not the store's): which view, where the cursor
// is, what is filtered and selected, which pane is open, the error bar.
// Every change is a typed action through one reducer.
import type { AskPane } from './forms/ask.js'
import type { CreatePane } from './forms/create.js'
import type { ServerActionName } from './server-actions.js'
import type { SortOrder } from './sort.js'
import type { ViewName } from './views/view.js'

/** What covers the table, if anything. */
export type Pane =
  | { kind: 'table' }
  | { kind: 'prompt'; prompt: ':' | '/'; text: string; /** the filter before editing, for Esc */ before: string }
  | { kind: 'help'; scroll: number }
  | { kind: 'detail'; key: string; scroll: number }
  | { kind: 'confirm'; action: ServerActionName; ids: string[]; names: string[] }
  | { kind: 'log'; serverId: string; name: string }
  | { kind: 'console'; serverId: string; name: string }
  | { kind: 'graphical'; serverId: string; name: string }
  /** An action asking for its argument (forms/ask.ts), and the create-server form (forms/create.ts). */
  | AskPane
  | CreatePane

/** A message in the bar above the footer: an error stays until dismissed (Esc). */
export interface Notice {
  text: string
  tone: 'error' | 'info'
}

/** Where the cursor is in one view: the row's key (so updates do not move it) and index (if the row goes). */
export interface CursorAt {
  key: string | null
  index: number
  top: number
}

/** All of the dashboard's own state. */
export interface UiState {
  view: ViewName
  cursors: Partial<Record<ViewName, CursorAt>>
  filters: Partial<Record<ViewName, string>>
  /** Orders the operator chose (a view without one keeps its default). */
  sorts: Partial<Record<ViewName, SortOrder>>
  /** Selected servers (ids). */
  selected: ReadonlySet<string>
  pane: Pane
  notice: Notice | null
}

/** Everything that changes it. */
export type UiAction =
  | { type: 'view'; view: ViewName }
  | { type: 'cursor'; at: CursorAt }
  | { type: 'pane'; pane: Pane }
  | { type: 'prompt'; prompt: ':' | '/' }
  | { type: 'promptText'; text: string }
  | { type: 'promptSubmit' }
  | { type: 'back' }
  | { type: 'toggleSelect'; id: string }
  | { type: 'selectNone' }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'scroll'; by: number }
  | { type: 'sort'; order: SortOrder }

/** The state a dashboard opens in. */
export function initialUi(view: ViewName = 'servers'): UiState {
  return { view, cursors: {}, filters: {}, sorts: {}, selected: new Set(), pane: { kind: 'table' }, notice: null }
}

/** The dashboard's reducer. */
export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'view':
      return { ...state, view: action.view, pane: { kind: 'table' } }
    case 'cursor':
      return { ...state, cursors: { ...state.cursors, [state.view]: action.at } }
    case 'pane':
      return { ...state, pane: action.pane }
    case 'prompt':
      return { ...state, pane: { kind: 'prompt', prompt: action.prompt, text: action.prompt === '/' ? (state.filters[state.view] ?? '') : '', before: state.filters[state.view] ?? '' } }
    case 'promptText': {
      if (state.pane.kind !== 'prompt') return state
      const pane = { ...state.pane, text: action.text }
      // A filter applies as it is typed, as in k9s.
      return pane.prompt === '/' ? { ...state, pane, filters: { ...state.filters, [state.view]: action.text } } : { ...state, pane }
    }
    case 'promptSubmit':
      return { ...state, pane: { kind: 'table' } }
    case 'back':
      return back(state)
    case 'toggleSelect': {
      const selected = new Set(state.selected)
      if (!selected.delete(action.id)) selected.add(action.id)
      return { ...state, selected }
    }
    case 'selectNone':
      return { ...state, selected: new Set() }
    case 'notice':
      return { ...state, notice: action.notice }
    case 'sort':
      return { ...state, sorts: { ...state.sorts, [state.view]: action.order } }
    case 'scroll':
      return state.pane.kind === 'detail' || state.pane.kind === 'help' ? { ...state, pane: { ...state.pane, scroll: Math.max(0, state.pane.scroll + action.by) } } : state
  }
}

// Esc backs out one level: a pane (a filter being typed goes back to what it was),
// then the error bar, then the filter, then the selection.
function back(state: UiState): UiState {
  const { pane } = state
  if (pane.kind === 'prompt') return { ...state, pane: { kind: 'table' }, filters: pane.prompt === '/' ? { ...state.filters, [state.view]: pane.before } : state.filters }
  if (pane.kind !== 'table') return { ...state, pane: { kind: 'table' } }
  if (state.notice) return { ...state, notice: null }
  if (state.filters[state.view]) return { ...state, filters: { ...state.filters, [state.view]: '' } }
  if (state.selected.size > 0) return { ...state, selected: new Set() }
  return state
}
