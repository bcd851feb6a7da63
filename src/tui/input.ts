// What each key does where it is pressed: the prompt takes text, a
// confirmation takes y, panes scroll or close, and the table runs the
// keymap's commands. State is read through `ui()`, which already includes
// the keys before it in the same input, so a fast `:ho<Tab><Enter>` or `jjj`
// does what it says.
import { commandFor, type Command, type KeyPress } from './keymap.js'
import { SERVER_ACTIONS, type ArgActionName, type ServerActionName } from './server-actions.js'
import type { State } from '../core/store/schema.js'
import { createPane, type CreateValues } from './forms/create.js'
import { onFormKey, openAsk } from './forms/keys.js'
import type { TableScreen } from './screen.js'
import type { UiAction, UiState } from './state.js'
import { flipSort, moveSort } from './sort.js'
import { completeView, resolveView, viewNamed } from './views/index.js'
import { sortOf } from './screen.js'

/** What key handling reads and does. */
export interface InputContext {
  ui: () => UiState
  send: (action: UiAction) => void
  /** The table screen for a state (cursor, rows) at the current size. */
  screen: (ui: UiState) => TableScreen
  /** Rows a page moves. */
  page: number
  quit: () => void
  act: (name: ServerActionName, ids: string[]) => void
  refreshHosts: () => void
  serverNames: (ids: string[]) => string[]
  /** The store as last read (the pickers' choices). */
  state: () => State | null
  /** An action with its argument (resize, rebuild...) on servers. */
  actWith: (name: ArgActionName, ids: string[], arg: string) => void
  /** Sends the create form's request. */
  create: (values: CreateValues) => void
}

const ACTION_OF: Partial<Record<Command, ServerActionName>> = {
  start: 'start',
  stop: 'stop',
  rebootSoft: 'reboot_soft',
  rebootHard: 'reboot_hard',
  pause: 'pause',
  unpause: 'unpause',
  suspend: 'suspend',
  resume: 'resume',
  lock: 'lock',
  unlock: 'unlock',
  delete: 'delete',
  unrescue: 'unrescue',
  shelve: 'shelve',
  unshelve: 'unshelve',
  migrate: 'migrate',
  liveMigrate: 'live_migrate',
  confirmResize: 'confirm_resize',
  revertResize: 'revert_resize',
}

// The actions that ask for an argument first (forms/ask.ts).
const ARG_ACTION_OF: Partial<Record<Command, ArgActionName>> = { resize: 'resize', rebuild: 'rebuild', rescue: 'rescue', snapshot: 'snapshot' }

/** Handles one key. */
export function onKey({ name, input }: KeyPress, c: InputContext): void {
  const ui = c.ui()
  const { pane } = ui
  if (name === 'ctrl+c') return c.quit()
  switch (pane.kind) {
    case 'prompt':
      if (name === 'escape') return c.send({ type: 'back' })
      if (name === 'backspace' || name === 'delete') return c.send({ type: 'promptText', text: pane.text.slice(0, -1) })
      if (name === 'tab' && pane.prompt === ':') return c.send({ type: 'promptText', text: completeView(pane.text)[0] ?? pane.text })
      if (name === 'return') return submitPrompt(pane.prompt, pane.text, c)
      if (input && input >= ' ') c.send({ type: 'promptText', text: pane.text + input })
      return
    case 'confirm':
      c.send({ type: 'pane', pane: { kind: 'table' } })
      if (input === 'y' || input === 'Y') {
        c.act(pane.action, pane.ids)
        c.send({ type: 'selectNone' })
      }
      return
    case 'log':
      if (name === 'escape' || name === 'q') c.send({ type: 'pane', pane: { kind: 'table' } })
      return
    case 'help': {
      const by = scrollBy(commandFor(ui.view, name))
      if (by) return c.send({ type: 'scroll', by })
      if (name === 'escape' || name === 'q' || name === '?') c.send({ type: 'pane', pane: { kind: 'table' } })
      return
    }
    case 'console':
    case 'graphical':
      return // the console takes every key itself
    case 'ask':
    case 'create':
      return onFormKey(name, input, pane, c)
    case 'detail': {
      const command = commandFor(ui.view, name)
      const by = scrollBy(command)
      if (by) return c.send({ type: 'scroll', by })
      if (command === 'back' || command === 'open' || name === 'q') return c.send({ type: 'back' })
      // Actions and consoles work from a server's detail too.
      if (command && command !== 'quit') runCommand(command, c)
      return
    }
    case 'table': {
      const command = commandFor(ui.view, name)
      if (command) runCommand(command, c)
    }
  }
}

// How far a key scrolls a pane (0: it does not).
function scrollBy(command: Command | undefined): number {
  return command === 'up' ? -1 : command === 'down' ? 1 : command === 'pageUp' ? -10 : command === 'pageDown' ? 10 : 0
}

function submitPrompt(prompt: ':' | '/', text: string, c: InputContext): void {
  c.send({ type: 'promptSubmit' })
  if (prompt !== ':' || !text.trim()) return
  const target = resolveView(text)
  if (target) return c.send({ type: 'view', view: target.name })
  c.send({ type: 'notice', notice: { text: `Error: No view named "${text.trim()}"\nHint: Views: ${completeView('').slice(0, 9).join(', ')} (Tab completes).`, tone: 'error' } })
}

/** Runs a keymap command. */
export function runCommand(command: Command, c: InputContext): void {
  const ui = c.ui()
  const screen = c.screen(ui)
  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(screen.rows.length - 1, index))
    c.send({ type: 'cursor', at: { key: screen.rows[i]?.key ?? null, index: i, top: screen.top } })
  }
  // The servers an action applies to: the selection, else the one in the detail pane, else the row under the cursor.
  const targets = () => (ui.selected.size > 0 ? [...ui.selected] : ui.pane.kind === 'detail' ? [ui.pane.key] : screen.current ? [screen.current.key] : [])
  const argAction = ARG_ACTION_OF[command]
  if (argAction) return openAsk(argAction, targets(), c)
  if (command === 'create') return c.send({ type: 'pane', pane: createPane() })
  const action = ACTION_OF[command]
  if (action) {
    const ids = targets()
    if (ids.length === 0) return
    if (SERVER_ACTIONS[action].confirm) c.send({ type: 'pane', pane: { kind: 'confirm', action, ids, names: c.serverNames(ids) } })
    else c.act(action, ids)
    return
  }
  switch (command) {
    case 'up':
      return moveTo(screen.cursor - 1)
    case 'down':
      return moveTo(screen.cursor + 1)
    case 'pageUp':
      return moveTo(screen.cursor - c.page)
    case 'pageDown':
      return moveTo(screen.cursor + c.page)
    case 'top':
      return moveTo(0)
    case 'bottom':
      return moveTo(screen.rows.length - 1)
    case 'goto':
      return c.send({ type: 'prompt', prompt: ':' })
    case 'filter':
      return c.send({ type: 'prompt', prompt: '/' })
    case 'help':
      return c.send({ type: 'pane', pane: { kind: 'help', scroll: 0 } })
    case 'open':
      if (screen.current) c.send({ type: 'pane', pane: { kind: 'detail', key: screen.current.key, scroll: 0 } })
      return
    case 'back':
      return c.send({ type: 'back' })
    case 'quit':
      return c.quit()
    case 'refresh':
      return c.refreshHosts()
    case 'select':
      if (!screen.current) return
      c.send({ type: 'toggleSelect', id: screen.current.key })
      return moveTo(screen.cursor + 1)
    case 'selectNone':
      return c.send({ type: 'selectNone' })
    case 'log':
    case 'console': {
      const id = targets()[0]
      if (id) c.send({ type: 'pane', pane: { kind: command, serverId: id, name: c.serverNames([id])[0] } })
      return
    }
    case 'graphical': {
      const id = targets()[0]
      if (id) c.send({ type: 'pane', pane: { kind: 'graphical', serverId: id, name: c.serverNames([id])[0] } })
      return
    }
    case 'sortNext':
    case 'sortPrevious':
    case 'sortFlip': {
      const { columns } = viewNamed(ui.view)
      const order = sortOf(ui)
      // The cursor stays on its row, wherever the new order puts it.
      if (screen.current) c.send({ type: 'cursor', at: { key: screen.current.key, index: screen.cursor, top: screen.top } })
      return c.send({ type: 'sort', order: command === 'sortFlip' ? flipSort(columns, order) : moveSort(columns, order, command === 'sortNext' ? 1 : -1) })
    }
  }
}
