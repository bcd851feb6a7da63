// Small pure text helpers of the dashboard: ages, bars, sizes, cells cut to a width.

/** How long ago `iso` was, in the one unit k9s and kubectl use (`42s`, `5m`, `3h`, `12d`). */
export function age(iso: string | undefined | null, now: number): string {
  if (!iso) return ''
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000))
  if (Number.isNaN(s)) return ''
  if (s < 120) return `${s}s`
  if (s < 7200) return `${Math.floor(s / 60)}m`
  if (s < 172_800) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86_400)}d`
}

/** A usage bar of `width` cells: filled for the used share of capacity. */
export function bar(used: number, capacity: number, width: number, glyphs: { full: string; empty: string } = { full: '█', empty: '░' }): string {
  const share = capacity > 0 ? Math.min(1, Math.max(0, used / capacity)) : 0
  const filled = used > 0 && share > 0 ? Math.max(1, Math.round(share * width)) : 0
  return glyphs.full.repeat(filled) + glyphs.empty.repeat(width - filled)
}

/** How full a resource is, as a tone: comfortable, getting full, full. */
export function usageTone(used: number, capacity: number): 'ok' | 'warn' | 'bad' {
  const share = capacity > 0 ? used / capacity : 1
  return share < 0.7 ? 'ok' : share < 0.9 ? 'warn' : 'bad'
}

/** Bytes as a short size (KiB, MiB, GiB), as image lists show them. */
export function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** A number of megabytes as GiB with one decimal when small. */
export function gib(mb: number): string {
  const g = mb / 1024
  return g < 10 ? g.toFixed(1) : String(Math.round(g))
}

/** `text` cut or padded to exactly `width` columns; a cut ends in `…`. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return ''
  const flat = text.replace(/[\r\n\t]+/g, ' ')
  if (flat.length > width) return width === 1 ? '…' : `${flat.slice(0, width - 1)}…`
  return align === 'right' ? flat.padStart(width) : flat.padEnd(width)
}

// CSI and OSC sequences, and the other control characters a console log carries.
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g

/** Text without terminal control sequences, for panes that show a log as lines. */
export function plain(text: string): string {
  return text.replace(CONTROL, '')
}
