// Nova's extra_specs_ops.match (nova/scheduler/filters/extra_specs_ops.py): the
// operator grammar of extra spec values ('>= 1024', '<in> avx', '<or> a <or> b').
// Nova's results depend on Python's str.split(), float() and string ordering, so
// those are reproduced here too, and shared with the other filters.

// Python's str.isspace() set: what split() and strip() treat as whitespace
// (JS \s differs: it lacks \x1c-\x1f and \x85 and adds \ufeff).
const WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
/** A regex character class matching what Python calls whitespace. */
export const PY_WHITESPACE = `[${WS}]`
const SPLIT_RE = new RegExp(`${PY_WHITESPACE}+`)
const STRIP_RE = new RegExp(`^${PY_WHITESPACE}+|${PY_WHITESPACE}+$`, 'g')
const FLOAT_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/
const INT_RE = /^[+-]?\d(?:_?\d)*$/
const SPECIAL_FLOAT_RE = /^([+-]?)(inf|infinity|nan)$/i
const SIMPLE_NUMBER_RE = /^-?\d+(?:\.\d+)?$/
const NON_ASCII_RE = /[^\x00-\x7f]/
const NON_ASCII_DIGIT_RE = /\p{Nd}/gu
const IS_DIGIT_RE = /^\p{Nd}$/u

/** Python's str.strip(). */
export function pyStrip(text: string): string {
  return text.replace(STRIP_RE, '')
}

/** Python's str.split() with no separator: runs of whitespace, no empty words. */
export function pySplit(text: string): string[] {
  const t = pyStrip(text)
  return t === '' ? [] : t.split(SPLIT_RE)
}

/** Python's ordering of two strings (by code point, not UTF-16 unit): negative, 0 or positive. */
export function pyCompareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // UTF-16 order disagrees with code point order only between surrogates and U+E000..U+FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    return x - y
  }
  return a.length - b.length
}

// Python's float() and int() accept any Unicode decimal digit ('١٢' is 12);
// Unicode encodes each such digit run as contiguous 0..9 blocks.
function asciiDigits(text: string): string {
  if (!NON_ASCII_RE.test(text)) return text
  return text.replace(NON_ASCII_DIGIT_RE, (d) => {
    if (d <= '9') return d
    let start = d.codePointAt(0) ?? 0
    while (IS_DIGIT_RE.test(String.fromCodePoint(start - 1))) start -= 1
    return String(((d.codePointAt(0) ?? 0) - start) % 10)
  })
}

/** Python's float(x): a number, or undefined where Python raises ValueError/TypeError. */
export function pyFloat(x: unknown): number | undefined {
  if (typeof x === 'number') return x
  if (typeof x === 'boolean') return x ? 1 : 0
  if (typeof x !== 'string') return undefined
  if (SIMPLE_NUMBER_RE.test(x)) return Number(x) // the common case, read the same by both languages
  const t = asciiDigits(pyStrip(x))
  if (FLOAT_RE.test(t)) return Number(t.replaceAll('_', ''))
  const special = SPECIAL_FLOAT_RE.exec(t)
  if (!special) return undefined
  if (special[2].toLowerCase() === 'nan') return NaN
  return special[1] === '-' ? -Infinity : Infinity
}

/** Python's int(str) as its decimal text, or undefined where Python raises ValueError. */
export function pyIntText(x: string): string | undefined {
  const t = asciiDigits(pyStrip(x))
  return INT_RE.test(t) ? BigInt(t.replaceAll('_', '')).toString() : undefined
}

// Python's `needle in value` for the containers Nova passes; undefined = TypeError.
function contains(value: unknown, needle: string): boolean | undefined {
  if (typeof value === 'string') return value.includes(needle)
  if (Array.isArray(value)) return value.some((v) => v === needle)
  if (value instanceof Set || value instanceof Map) return value.has(needle)
  if (typeof value === 'object' && value !== null) return Object.hasOwn(value, needle)
  return undefined
}

// Requirements split once: the scheduler matches the same few against every host.
const splitRequirements = new Map<string, readonly string[]>()
function wordsOf(requirement: string): readonly string[] {
  let words = splitRequirements.get(requirement)
  if (!words) {
    words = pySplit(requirement)
    if (splitRequirements.size >= 1024) splitRequirements.clear()
    splitRequirements.set(requirement, words)
  }
  return words
}

type Compare = (value: unknown, word: string) => boolean

// float(x) OP float(y); an unparsable side is Python's ValueError, which we count as no match.
const numeric = (cmp: (a: number, b: number) => boolean): Compare => (value, word) => {
  const a = pyFloat(value)
  const b = pyFloat(word)
  return a !== undefined && b !== undefined && cmp(a, b)
}
// Python string ordering; ordering a non-string against a string is a TypeError: no match.
const ordered = (ok: (c: number) => boolean): Compare => (value, word) =>
  typeof value === 'string' && ok(pyCompareStrings(value, word))

const OPERATORS: ReadonlyMap<string, Compare> = new Map<string, Compare>([
  ['=', numeric((a, b) => a >= b)], // Nova's '=' means "at least"
  ['==', numeric((a, b) => a === b)],
  ['!=', numeric((a, b) => a !== b)],
  ['>=', numeric((a, b) => a >= b)],
  ['<=', numeric((a, b) => a <= b)],
  ['<in>', (value, word) => contains(value, word) === true],
  ['s==', (value, word) => value === word],
  ['s!=', (value, word) => value !== word],
  ['s<', ordered((c) => c < 0)],
  ['s<=', ordered((c) => c <= 0)],
  ['s>', ordered((c) => c > 0)],
  ['s>=', ordered((c) => c >= 0)],
])

/**
 * Nova's extra_specs_ops.match(value, req). Where Nova raises instead of answering
 * (an unparsable number, `<or>` with nothing after it, `<in>` on a number), this
 * returns false: the host is not a match.
 */
export function matchesExtraSpec(value: unknown, requirement: string): boolean {
  const words = wordsOf(requirement)
  const op = words.length > 0 ? words[0] : undefined
  const method = op === undefined ? undefined : OPERATORS.get(op)
  // No known operator (including '>' and '<', which Nova does not have): the whole text must equal the value.
  if (op !== '<all-in>' && op !== '<or>' && method === undefined) return value === requirement
  if (value === null || value === undefined) return false
  if (op === '<or>') {
    // Nova pops a candidate, compares, then drops the next word unread (it need not be '<or>').
    for (let i = 1; i < words.length; i += 2) if (words[i] === value) return true
    return false
  }
  if (words.length < 2) return false
  if (op === '<all-in>') return words.slice(1).every((w) => contains(value, w) === true)
  return method !== undefined && method(value, words[1])
}
