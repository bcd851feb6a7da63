// Every key of the dashboard as data: the command it runs, the keys that run
// it, where it applies and what it does. `?` lists them for the current
// view; the footer shows those marked `footer`. Handlers live in the app,
// keyed by command, so a key is rebound here without touching them.
import type { Key } from 'ink'
import type { ViewName } from './views/view.js'

/** What a key can do. */
export type Command =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'goto' | 'filter' | 'help' | 'open' | 'back' | 'quit' | 'refresh' | 'select' | 'selectNone'
  | 'sortNext' | 'sortPrevious' | 'sortFlip'
  | 'start' | 'stop' | 'rebootSoft' | 'rebootHard' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'lock' | 'unlock' | 'delete'
  | 'log' | 'console' | 'graphical'
  | 'create' | 'resize' | 'confirmResize' | 'revertResize' | 'rebuild' | 'rescue' | 'unrescue' | 'snapshot' | 'shelve' | 'unshelve' | 'migrate' | 'liveMigrate'

/** One binding. */
export interface KeyBinding {
  command: Command
  /** Key names as keyName() gives them. */
  keys: readonly string[]
  /** How the keys are written in help and footer. */
  label: string
  description: string
  /** A short word for the footer (only the most useful keys have one). */
  footer?: string
  /** The views it works in (absent: all). */
  views?: readonly ViewName[]
}

const SERVERS: readonly ViewName[] = ['servers']

/** The dashboard's keys. */
export const KEYMAP: readonly KeyBinding[] = [
  { command: 'up', keys: ['up', 'k'], label: '↑/k', description: 'Move up' },
  { command: 'down', keys: ['down', 'j'], label: '↓/j', description: 'Move down' },
  { command: 'pageUp', keys: ['pageup', 'ctrl+b'], label: 'PgUp', description: 'Page up' },
  { command: 'pageDown', keys: ['pagedown', 'ctrl+f'], label: 'PgDn', description: 'Page down' },
  { command: 'top', keys: ['home', 'g'], label: 'g', description: 'First row' },
  { command: 'bottom', keys: ['end', 'G'], label: 'G', description: 'Last row' },
  { command: 'goto', keys: [':'], label: ':', description: 'Go to a view by name (Tab completes): servers, hosts, img...', footer: 'view' },
  { command: 'filter', keys: ['/'], label: '/', description: 'Filter rows: words, or field=value / field!=value (status=ERROR)', footer: 'filter' },
  { command: 'open', keys: ['return'], label: 'Enter', description: 'Details of the row: every field, fault, recent events', footer: 'details' },
  { command: 'back', keys: ['escape'], label: 'Esc', description: 'Back out: close a pane, dismiss an error, clear the filter or selection' },
  { command: 'help', keys: ['?'], label: '?', description: 'Every key of this view', footer: 'help' },
  // k9s sorts with Shift+letter per column, but here capitals are server actions (S start, R hard reboot):
  // htop's keys move the sort instead, and the sorted column's header carries the arrow.
  { command: 'sortNext', keys: ['>'], label: '>', description: 'Sort by the next column (its header shows ↑ or ↓)' },
  { command: 'sortPrevious', keys: ['<'], label: '<', description: 'Sort by the previous column' },
  { command: 'sortFlip', keys: ['I'], label: 'I', description: 'Invert the sort order (ascending ↑, descending ↓)' },
  { command: 'refresh', keys: ['ctrl+r'], label: 'Ctrl-R', description: 'Ask every host for its domains now (power-state sync)' },
  { command: 'quit', keys: ['q', 'ctrl+c'], label: 'q', description: 'Quit (the terminal is restored)', footer: 'quit' },
  { command: 'select', keys: ['space'], label: 'Space', description: 'Select the server (actions apply to every selected one)', views: SERVERS },
  { command: 'selectNone', keys: ['ctrl+u'], label: 'Ctrl-U', description: 'Clear the selection', views: SERVERS },
  { command: 'create', keys: ['n'], label: 'n', description: 'New server: a form with pickers, checked as you type, and the scheduler\'s dry run before you confirm', footer: 'new', views: SERVERS },
  { command: 'start', keys: ['S'], label: 'S', description: 'Start', footer: 'start', views: SERVERS },
  { command: 'stop', keys: ['s'], label: 's', description: 'Stop (asks first)', footer: 'stop', views: SERVERS },
  { command: 'rebootSoft', keys: ['r'], label: 'r', description: 'Reboot (soft: the guest is asked)', footer: 'reboot', views: SERVERS },
  { command: 'rebootHard', keys: ['R'], label: 'R', description: 'Reboot hard: power cycle (asks first)', views: SERVERS },
  { command: 'pause', keys: ['p'], label: 'p', description: 'Pause (the guest stays in memory)', views: SERVERS },
  { command: 'unpause', keys: ['P'], label: 'P', description: 'Unpause', views: SERVERS },
  { command: 'suspend', keys: ['z'], label: 'z', description: 'Suspend (to disk)', views: SERVERS },
  { command: 'resume', keys: ['Z'], label: 'Z', description: 'Resume a suspended server', views: SERVERS },
  { command: 'lock', keys: ['L'], label: 'L', description: 'Lock: every action but unlock is refused', views: SERVERS },
  { command: 'unlock', keys: ['U'], label: 'U', description: 'Unlock', views: SERVERS },
  { command: 'delete', keys: ['ctrl+d', 'delete'], label: 'Ctrl-D', description: 'Delete (asks first)', footer: 'delete', views: SERVERS },
  { command: 'resize', keys: ['f'], label: 'f', description: 'Resize to another flavor (asks which; then a confirms, A reverts)', views: SERVERS },
  { command: 'confirmResize', keys: ['a'], label: 'a', description: 'Confirm a resize or migration (VERIFY_RESIZE): the old copy goes', views: SERVERS },
  { command: 'revertResize', keys: ['A'], label: 'A', description: 'Revert a resize or migration: back as it was (asks first)', views: SERVERS },
  { command: 'migrate', keys: ['m'], label: 'm', description: 'Cold-migrate to a host the scheduler picks (asks first; then a or A)', views: SERVERS },
  { command: 'liveMigrate', keys: ['M'], label: 'M', description: 'Live-migrate: it keeps running while it moves to a host the scheduler picks (asks first)', views: SERVERS },
  { command: 'rebuild', keys: ['b'], label: 'b', description: 'Rebuild from an image (asks which, then asks first: the disk is lost)', views: SERVERS },
  { command: 'rescue', keys: ['e'], label: 'e', description: 'Rescue: boot a rescue image with the disk attached (asks which image)', views: SERVERS },
  { command: 'unrescue', keys: ['E'], label: 'E', description: 'Unrescue: back to its own disk', views: SERVERS },
  { command: 'snapshot', keys: ['i'], label: 'i', description: 'Snapshot the disk into a new image (asks its name)', views: SERVERS },
  { command: 'shelve', keys: ['h'], label: 'h', description: 'Shelve: snapshot, power off and free the host (asks first)', views: SERVERS },
  { command: 'unshelve', keys: ['H'], label: 'H', description: 'Unshelve a shelved server', views: SERVERS },
  { command: 'log', keys: ['l'], label: 'l', description: 'Console log, following new output', footer: 'log', views: SERVERS },
  { command: 'console', keys: ['c'], label: 'c', description: 'Serial console in a pane (keys go to the guest; Ctrl-] detaches)', footer: 'console', views: SERVERS },
  { command: 'graphical', keys: ['v'], label: 'v', description: 'Graphical console (VNC) in this terminal; Ctrl-] comes back', views: SERVERS },
]

/** The key a terminal sent, as KEYMAP names it (`j`, `G`, `ctrl+d`, `return`, `space`...). */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up'
  if (key.downArrow) return 'down'
  if (key.pageUp) return 'pageup'
  if (key.pageDown) return 'pagedown'
  if (key.home) return 'home'
  if (key.end) return 'end'
  if (key.return) return 'return'
  if (key.escape) return 'escape'
  if (key.tab) return 'tab'
  if (key.backspace) return 'backspace'
  if (key.delete) return 'delete'
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`
  if (input === ' ') return 'space'
  return input
}

const CONTROL_NAMES: Record<string, string> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', '\x1b': 'escape', ' ': 'space' }

/** One key of what the terminal sent: its name (as KEYMAP names keys) and the text it types. */
export interface KeyPress {
  name: string
  input: string
}

/**
 * The keys in what ink reports as one input: keys typed faster than a frame
 * (or pasted, or sent by tmux) arrive as one string, which is several keys
 * to the table and the prompt.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
  const special = key.ctrl || key.meta || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.home || key.end || key.escape
  if (input.length <= 1 || special) return [{ name: keyName(input, key), input }]
  return [...input].map((ch) => {
    const name = CONTROL_NAMES[ch]
    if (name) return { name, input: name === 'space' ? ' ' : '' }
    return ch < ' ' ? { name: `ctrl+${String.fromCharCode(ch.charCodeAt(0) + 96)}`, input: '' } : { name: ch, input: ch }
  })
}

/** The bindings that apply in a view. */
export function bindingsFor(view: ViewName): KeyBinding[] {
  return KEYMAP.filter((b) => !b.views || b.views.includes(view))
}

/** The command a key runs in a view, if any. */
export function commandFor(view: ViewName, name: string): Command | undefined {
  return bindingsFor(view).find((b) => b.keys.includes(name))?.command
}
