// Ports of Nova's test_extra_specs_ops, plus the Python semantics Nova's match()
// relies on (split(), float(), string ordering) and the places where Nova raises.
import { describe, expect, it } from 'vitest'
import { matchesExtraSpec, pyCompareStrings, pyFloat, pyIntText, pySplit } from '../../../src/core/scheduler/filters/extra-specs-ops.js'

const features = "['aes', 'mmx', 'aux']" // str() of a Python list, as ComputeCapabilitiesFilter passes it

describe("Nova's test_extra_specs_ops cases", () => {
  it.each([
    // [what Nova checks, value, requirement, matches]
    ['plain text equal to the value matches', '1', '1', true],
    ['plain text against an empty value does not match', '', '1', false],
    ['plain text compares whole strings: 3 is not 1', '3', '1', false],
    ['plain text is not a substring test: 222 is not 2', '222', '2', false],
    ["'>' is not an operator, so '> 2' is compared as text", '4', '> 2', false],
    ["'=' means at least: 123 = 123", '123', '= 123', true],
    ["'=' means at least: 124 = 123", '124', '= 123', true],
    ["'=' means at least: 34 is below 234", '34', '= 234', false],
    ["'=' with no operand does not match", '34', '=', false],
    ['s== compares strings', '123', 's== 123', true],
    ['s== fails on a different string', '1234', 's== 123', false],
    ['s!= passes on a different string', '1234', 's!= 123', true],
    ['s!= fails on the same string', '123', 's!= 123', false],
    ["s>= orders as strings: '1000' < '234'", '1000', 's>= 234', false],
    ["s<= orders as strings: '1234' > '1000'", '1234', 's<= 1000', false],
    ["s< orders as strings: '2' > '12'", '2', 's< 12', false],
    ["s> orders as strings: '12' < '2'", '12', 's> 2', false],
    ['<in> is a substring test', '12311321', '<in> 11', true],
    ['<in> matches the whole value', '12311321', '<in> 12311321', true],
    ['<in> reads only the first word after it', '12311321', '<in> 12311321 <in>', true],
    ['<in> fails when the text is absent', '12310321', '<in> 11', false],
    ['<in> fails when absent, even with a trailing <in>', '12310321', '<in> 11 <in>', false],
    ['<or> matches any alternative', '12', '<or> 11 <or> 12', true],
    ['<or> matches with a trailing <or>', '12', '<or> 11 <or> 12 <or>', true],
    ['<or> fails when no alternative is equal', '13', '<or> 11 <or> 12', false],
    ['<or> fails with a trailing <or> and no match', '13', '<or> 11 <or> 12 <or>', false],
    ['<= compares as numbers: 2 <= 10', '2', '<= 10', true],
    ['<= fails: 3 > 2', '3', '<= 2', false],
    ['>= compares as numbers: 3 >= 1', '3', '>= 1', true],
    ['>= fails: 2 < 3', '2', '>= 3', false],
    ['<all-in> needs every word in the value', features, '<all-in> aes mmx', true],
    ['<all-in> with one word', features, '<all-in> mmx', true],
    ['<all-in> fails on an absent word (extra spaces ignored)', features, '<all-in>  txt', false],
    ['<all-in> fails when no word is present', features, '<all-in> txt 3dnow', false],
    ['<all-in> fails when only some words are present', features, '<all-in> txt aes', false],
  ])('%s', (_what, value, req, matches) => {
    expect(matchesExtraSpec(value, req)).toBe(matches)
  })
})

describe('operator semantics beyond the Nova test file', () => {
  it('== and != compare as floats, so 1.0 == 1 and 1e3 == 1000', () => {
    expect(matchesExtraSpec('1.0', '== 1')).toBe(true)
    expect(matchesExtraSpec('1e3', '== 1000')).toBe(true)
    expect(matchesExtraSpec('2', '!= 2.0')).toBe(false)
  })
  it('an unparsable number is no match (Nova raises ValueError there)', () => {
    expect(matchesExtraSpec('abc', '>= 1')).toBe(false)
    expect(matchesExtraSpec('5', '>= abc')).toBe(false)
    expect(matchesExtraSpec('abc', '!= 1')).toBe(false)
  })
  it("Python float() spellings count: ' 7 ', '1_000', 'inf', '.5', '5.', Arabic-Indic digits", () => {
    expect(matchesExtraSpec(' 7 ', '= 7')).toBe(true)
    expect(matchesExtraSpec('1_000', '== 1000')).toBe(true)
    expect(matchesExtraSpec('inf', '>= 1e308')).toBe(true)
    expect(matchesExtraSpec('.5', '<= 5.')).toBe(true)
    expect(matchesExtraSpec('١٢', '== 12')).toBe(true)
  })
  it("float() refuses what JavaScript's Number accepts: '', '0x10', '1__0'", () => {
    expect(matchesExtraSpec('', '<= 0')).toBe(false)
    expect(matchesExtraSpec('0x10', '== 16')).toBe(false)
    expect(matchesExtraSpec('1__0', '== 10')).toBe(false)
  })
  it('nan is never >= anything but is != everything', () => {
    expect(matchesExtraSpec('nan', '>= 0')).toBe(false)
    expect(matchesExtraSpec('NaN', '!= 1')).toBe(true)
  })
  it('<or> compares every other word and skips the word between, whatever it says', () => {
    expect(matchesExtraSpec('13', '<or> 11 12 13')).toBe(true)
    expect(matchesExtraSpec('12', '<or> 11 12 13')).toBe(false)
  })
  it('<or> with nothing after it is no match (Nova raises IndexError)', () => {
    expect(matchesExtraSpec('x', '<or>')).toBe(false)
  })
  it('a missing value never matches an operator, but plain text still compares', () => {
    expect(matchesExtraSpec(undefined, 's!= x')).toBe(false)
    expect(matchesExtraSpec(null, '<or> a')).toBe(false)
    expect(matchesExtraSpec(undefined, 'x')).toBe(false)
  })
  it('an empty requirement matches only an empty value', () => {
    expect(matchesExtraSpec('', '')).toBe(true)
    expect(matchesExtraSpec('x', '')).toBe(false)
  })
  it('plain text compares the requirement unstripped', () => {
    expect(matchesExtraSpec('1', ' 1')).toBe(false)
  })
  it('<in> and <all-in> over a list test membership, not substrings', () => {
    expect(matchesExtraSpec(['aes', 'mmx'], '<in> aes')).toBe(true)
    expect(matchesExtraSpec(['aes', 'mmx'], '<in> ae')).toBe(false)
    expect(matchesExtraSpec(['aes', 'mmx'], '<all-in> aes mmx')).toBe(true)
    expect(matchesExtraSpec(['aes', 'mmx'], '<all-in> aes sse')).toBe(false)
  })
  it('<in> on a number is no match (Nova raises TypeError)', () => {
    expect(matchesExtraSpec(12, '<in> 1')).toBe(false)
  })
  it('string operators never equal a non-string, and s!= holds for one', () => {
    expect(matchesExtraSpec(12, 's== 12')).toBe(false)
    expect(matchesExtraSpec(12, 's!= 12')).toBe(true)
    expect(matchesExtraSpec(12, 's>= 1')).toBe(false)
  })
  it('words split on any Python whitespace, including tabs and \\x1c, but not \\ufeff', () => {
    expect(matchesExtraSpec('5', '>=\t3')).toBe(true)
    expect(matchesExtraSpec('5', '>=\x1c3')).toBe(true)
    expect(matchesExtraSpec('5', '>=\ufeff3')).toBe(false)
  })
})

describe('Python helpers', () => {
  it('pySplit drops empty words like str.split()', () => expect(pySplit('  a \t b\n')).toEqual(['a', 'b']))
  it('pyFloat returns undefined where float() raises', () => {
    expect(pyFloat('1e')).toBeUndefined()
    expect(pyFloat(['1'])).toBeUndefined()
    expect(pyFloat(true)).toBe(1)
    expect(pyFloat('-Infinity')).toBe(-Infinity)
  })
  it('pyIntText normalizes like int(): +007 is 7, 1_0 is 10, 2.0 is refused', () => {
    expect(pyIntText('+007')).toBe('7')
    expect(pyIntText('1_0')).toBe('10')
    expect(pyIntText('2.0')).toBeUndefined()
  })
  it('strings order by code point, so an astral character sorts after U+FFFD', () => {
    expect(pyCompareStrings('\u{1F600}', '\uFFFD')).toBeGreaterThan(0)
    expect(pyCompareStrings('abc', 'abd')).toBeLessThan(0)
    expect(pyCompareStrings('ab', 'abc')).toBeLessThan(0)
  })
})
