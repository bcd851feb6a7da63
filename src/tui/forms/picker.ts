// Choosing a thing of the store by typing: the candidates that match what is
// typed (names starting with it first, then names containing it), and Tab
// completing to them in turn. Pure functions over a text field, so the
// action prompt and every picker of the create form behave the same.

/** Something a picker offers: the value it fills in and a short description. */
export interface Choice {
  value: string
  /** What else is worth knowing when choosing (sizes, policy...). */
  note?: string
}

/** A text field that may be completing: what was typed before Tab, and which match Tab is on. */
export interface TextField {
  text: string
  /** What the operator typed before Tab started cycling (absent: not cycling). */
  typed?: string
  cycle?: number
}

/** The choices matching `text`, best first: prefix matches, then substring matches (case-insensitive). */
export function matching(choices: readonly Choice[], text: string): Choice[] {
  const t = text.trim().toLowerCase()
  if (!t) return [...choices]
  const starts: Choice[] = []
  const contains: Choice[] = []
  for (const c of choices) {
    const v = c.value.toLowerCase()
    if (v.startsWith(t)) starts.push(c)
    else if (v.includes(t)) contains.push(c)
  }
  return [...starts, ...contains]
}

/** The choices Tab walks for a field: those matching what was typed before it started. */
export function fieldMatches(field: TextField, choices: readonly Choice[]): Choice[] {
  return matching(choices, field.typed ?? field.text)
}

/** Tab (or Shift-Tab with `by` -1): the next matching choice, cycling; the field is left alone when nothing matches. */
export function complete(field: TextField, choices: readonly Choice[], by = 1): TextField {
  const typed = field.typed ?? field.text
  const found = matching(choices, typed)
  if (found.length === 0) return field
  const cycle = field.cycle === undefined ? (by > 0 ? 0 : found.length - 1) : (field.cycle + by + found.length) % found.length
  return { text: found[cycle].value, typed, cycle }
}

/** A key typed into a field: printable text appends, Backspace removes the last character; cycling ends. */
export function edit(field: TextField, name: string, input: string): TextField | null {
  if (name === 'backspace' || name === 'delete') return { text: field.text.slice(0, -1) }
  if (name === 'ctrl+u') return { text: '' }
  if (input && input >= ' ' && name !== 'return' && name !== 'tab' && name !== 'escape') return { text: field.text + input }
  return null
}
