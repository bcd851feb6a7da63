// Keys in the action prompt and the create form: the pure functions of
// ask.ts and create.ts decide, this sends what they decided to the
// dashboard (a new pane state, an action, a create).
import type { InputContext } from '../input.js'
import { askKey, askPane, type AskPane } from './ask.js'
import { createKey, type CreatePane } from './create.js'
import type { ArgActionName } from '../server-actions.js'

const table = { kind: 'table' } as const

/** One key while the prompt or the form is open. */
export function onFormKey(name: string, input: string, pane: AskPane | CreatePane, c: InputContext): void {
  // Esc dismisses an error shown over the form before it closes the form, so a refused create can be corrected.
  if (name === 'escape' && c.ui().notice) return c.send({ type: 'notice', notice: null })
  if (pane.kind === 'ask') {
    const out = askKey(pane, name, input, c.state())
    if (out.kind === 'pane') c.send({ type: 'pane', pane: out.pane })
    else if (out.kind === 'close') c.send({ type: 'pane', pane: table })
    else if (out.kind === 'run') {
      c.send({ type: 'pane', pane: table })
      c.actWith(pane.action, pane.ids, out.arg)
      c.send({ type: 'selectNone' })
    }
    return
  }
  const out = createKey(pane, name, input, c.state())
  if (out.kind === 'pane') c.send({ type: 'pane', pane: out.pane })
  else if (out.kind === 'close') c.send({ type: 'pane', pane: table })
  else if (out.kind === 'submit') {
    c.send({ type: 'pane', pane: { ...pane, busy: true } })
    c.create(out.values)
  }
}

/** Opens the prompt of an action with an argument for servers (by id). */
export function openAsk(action: ArgActionName, ids: string[], c: InputContext): void {
  if (ids.length > 0) c.send({ type: 'pane', pane: askPane(action, ids, c.serverNames(ids)) })
}
