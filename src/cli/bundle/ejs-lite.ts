// Stands in for the `ejs` package inside the bundle (scripts/build.mjs aliases
// it). oclif renders every description and example through ejs.render, and ejs
// compiles each text into a new function: about 100 ms for the root --help.
// The texts of homenova and of its oclif plugins only ever print a value
// (`<%= config.bin %>`, `<%= command.id %>`), so those are done here as ejs would
// (HTML-escaped, nothing for null or undefined) and anything else goes to the
// real ejs, loaded only then.
import { createRequire } from 'node:module'

type Render = (template: string, data?: Record<string, unknown>, options?: unknown) => string

const TAG = /<%([=-]?)\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*%>/g
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' }
const NOT_FOUND = Symbol('not found')

function lookup(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data
  for (const key of path.split('.')) {
    if (value === null || value === undefined || !(key in Object(value))) return NOT_FOUND
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

let ejs: { render: Render } | undefined
const realEjs = (): { render: Render } => (ejs ??= createRequire(import.meta.url)('ejs') as { render: Render })

/** ejs.render for templates that only print values; the real ejs for the rest. */
export const render: Render = (template, data = {}, options) => {
  if (!template.includes('<%')) return template
  let unknown = false
  const out = template.replace(TAG, (_, kind: string, path: string) => {
    const value = lookup(data, path)
    if (value === NOT_FOUND || kind === '') {
      unknown = true // a scriptlet, or a name ejs would resolve differently
      return ''
    }
    const text = value === null || value === undefined ? '' : String(value)
    return kind === '=' ? text.replace(/[&<>'"]/g, (c) => HTML[c]) : text
  })
  if (unknown || out.includes('<%')) return realEjs().render(template, data, options)
  return out
}

export default { render }
