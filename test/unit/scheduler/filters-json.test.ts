// Ports of Nova's test_json_filters, plus Nova's Python comparison rules, the
// places where Nova raises, and homenova's upfront refusal of unrunnable queries.
import { describe, expect, it } from 'vitest'
import { jsonFilter } from '../../../src/core/scheduler/filters/json.js'
import { parseQuery, pyEquals } from '../../../src/core/scheduler/filters/json-query.js'
import type { HostState } from '../../../src/core/scheduler/host-state.js'
import { makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const config = makeConfig()
const host = (attrs: Partial<HostState> = {}, enabled = true) => makeHostState(makeHost('host1', { enabled }), { stats: {}, ...attrs })
const run = (hs: HostState, query: unknown) => jsonFilter.reject(hs, makeSpec({ hints: { query: JSON.stringify(query) } }), config)
const passes = (hs: HostState, query: unknown) => run(hs, query) === null
const ramAndDisk = ['and', ['>=', '$free_ram_mb', 1024], ['>=', '$free_disk_mb', 200 * 1024]]

describe("JsonFilter: Nova's test_json_filters cases", () => {
  it('passes a host with enough RAM and disk', () => expect(passes(host({ free_ram_mb: 1024, free_disk_mb: 200 * 1024 }), ramAndDisk)).toBe(true))
  it('passes every host when there is no query hint', () =>
    expect(jsonFilter.reject(host({ free_ram_mb: 0, free_disk_mb: 0 }), makeSpec(), config)).toBeNull())
  it('fails a host short of RAM, saying which term failed and the host value', () =>
    expect(run(host({ free_ram_mb: 1023, free_disk_mb: 200 * 1024 }), ramAndDisk))
      .toBe('query [">=","$free_ram_mb",1024] is false for this host ($free_ram_mb is 1023)'))
  it('fails a host short of disk', () => expect(passes(host({ free_ram_mb: 1024, free_disk_mb: 200 * 1024 - 1 }), ramAndDisk)).toBe(false))
  it("fails when 'not' gets only a missing variable: not() is [], which 'and' reads as false", () =>
    expect(passes(host({ free_ram_mb: 1024, free_disk_mb: 200 * 1024 }), [...ramAndDisk, ['not', '$nosuch.disabled']])).toBe(false))

  describe('happy day: variables, nested and/or, exclusive ranges', () => {
    const raw = ['and', '$stats.enabled', ['=', '$stats.opt1', 'match'],
      ['or', ['and', ['<', '$free_ram_mb', 30], ['<', '$free_disk_mb', 300]], ['and', ['>', '$free_ram_mb', 30], ['>', '$free_disk_mb', 300]]]]
    const h = (ram: number, disk: number, stats: Record<string, string>) => host({ free_ram_mb: ram, free_disk_mb: disk, stats })
    it('passes low RAM and low disk (a missing $stats.enabled is dropped)', () => expect(passes(h(10, 200, { opt1: 'match' }), raw)).toBe(true))
    it('passes high RAM and high disk', () => expect(passes(h(40, 400, { opt1: 'match' }), raw)).toBe(true))
    it('fails when $stats.enabled is present but falsy', () => expect(passes(h(40, 400, { enabled: '', opt1: 'match' }), raw)).toBe(false))
    it('fails on the exact values the ranges exclude', () => expect(passes(h(30, 300, { enabled: 'y', opt1: 'match' }), raw)).toBe(false))
    it('fails with low RAM but high disk', () => expect(passes(h(20, 400, { enabled: 'y', opt1: 'match' }), raw)).toBe(false))
    it('fails when $stats.opt1 does not match', () => expect(passes(h(20, 400, { enabled: 'y', opt1: 'no-match' }), raw)).toBe(false))
  })

  it.each([
    ['=', [1, 1], true], ['=', [1, 2], false],
    ['<', [1, 2], true], ['<', [1, 1], false], ['<', [2, 1], false],
    ['>', [2, 1], true], ['>', [2, 2], false], ['>', [2, 3], false],
    ['<=', [1, 2], true], ['<=', [1, 1], true], ['<=', [2, 1], false],
    ['>=', [2, 1], true], ['>=', [2, 2], true], ['>=', [2, 3], false],
    ['in', [1, 1], true], ['in', [1, 1, 2, 3], true], ['in', [4, 1, 2, 3], false],
    ['not', [true], false], ['not', [false], true],
    ['or', [true, false], true], ['or', [false, false], false],
    ['and', [true, true], true], ['and', [false, false], false], ['and', [true, false], false],
    ['and', [['or', true, false], ['>', 2, 1]], true],
  ])('basic operator %s over %j gives %s', (op, args, expected) => expect(passes(host(), [op, ...args])).toBe(expected))

  it("passes a top-level 'not' when any of its results is true", () => {
    expect(passes(host(), ['not', true, false, true, false])).toBe(true)
    expect(passes(host(), ['not', true, true, true])).toBe(false)
  })
  it('refuses an unknown operator upfront, and rejects the host if asked anyway (Nova raises KeyError)', () => {
    expect(() => parseQuery('["!=", 1, 2]')).toThrow(/unknown query operator "!="/)
    expect(run(host(), ['!=', 1, 2])).toMatch(/unknown query operator/)
  })
  it('passes every host for an empty list or an empty object', () => {
    expect(passes(host(), [])).toBe(true)
    expect(passes(host(), {})).toBe(true)
  })
  it('fails comparisons with fewer than two arguments, however deeply nested', () => {
    expect(passes(host(), ['>', ['and', ['or', ['not', ['<', ['>=', ['<=', ['in']]]]]]]])).toBe(false)
    expect(passes(host(), ['>', 1])).toBe(false)
  })
  it('drops unknown variables, so the remaining arguments decide', () => {
    expect(passes(host(), ['=', '$........', 1, 1])).toBe(true)
    expect(passes(host(), ['=', '$foo', 2, 2])).toBe(true)
  })
})

describe('JsonFilter: Python semantics and where Nova raises', () => {
  it("reads a one-item list from a nested 'not' as true: a disabled service still passes this 'and'", () => {
    expect(passes(host({}, false), ['and', ['not', '$service.disabled']])).toBe(true)
    expect(passes(host({}, false), ['=', '$service.disabled', false])).toBe(false)
    expect(passes(host({}, true), ['=', '$service.disabled', false])).toBe(true)
  })
  it('treats 1, 1.0 and true as equal, as Python does', () => {
    expect(passes(host(), ['=', 1, 1.0, true])).toBe(true)
    expect(pyEquals({ a: [1, 2] }, { a: [1.0, 2] })).toBe(true)
    expect(pyEquals('1', 1)).toBe(false)
  })
  it('orders strings by code point and host lists element-wise, and tests membership with ==', () => {
    expect(passes(host(), ['<', 'a', 'b', 'ab'])).toBe(true)
    expect(passes(host(), ['<', 'b', 'ab'])).toBe(false)
    const two = host({ supported_instances: [['x86_64', 'qemu', 'hvm']] })
    expect(passes(two, ['<=', '$supported_instances', '$supported_instances'])).toBe(true)
    expect(passes(two, ['<', '$supported_instances', '$supported_instances'])).toBe(false)
    expect(passes(host({ stats: { rack: 'r2' } }), ['in', '$stats.rack', 'r1', 'r2'])).toBe(true)
  })
  it('drops null and empty-string arguments', () => {
    expect(passes(host(), ['=', null, 1])).toBe(false)
    expect(passes(host(), ['=', '', 1, 1])).toBe(true)
  })
  it('rejects a host where a string is ordered against a number (Nova raises TypeError)', () =>
    expect(run(host({ stats: { n: '5' } }), ['>', '$stats.n', 1])).toMatch(/cannot compare str "5" with number 1 \(Nova raises here\)/))
  it('rejects a host where a dotted path steps into a non-dict (Nova raises AttributeError)', () =>
    expect(run(host(), ['=', '$cpu_info.arch', 'x86_64'])).toMatch(/\$cpu_info is not a dict/))
  it('looks up dotted paths into stats and Nova-named attributes', () => {
    expect(passes(host({ stats: { foo: 'bar' } }), ['=', '$stats.foo', 'bar'])).toBe(true)
    expect(passes(host({ hypervisor_type: 'QEMU' }), ['=', '$hypervisor_type', 'QEMU'])).toBe(true)
    expect(passes(host(), ['=', '$host', 'host1'])).toBe(true)
  })
  it("indexes a JSON string query by character: '=aa' passes and '=ab' fails", () => {
    expect(passes(host(), '=aa')).toBe(true)
    expect(passes(host(), '=ab')).toBe(false)
    expect(() => parseQuery('"and"')).toThrow(/unknown query operator "a"/)
  })
  it('passes every host for falsy JSON (0, false, null, "") and refuses truthy non-lists', () => {
    for (const q of ['0', 'false', 'null', '""']) expect(passes(host(), JSON.parse(q))).toBe(true)
    for (const q of ['5', 'true', '{"a": 1}']) expect(() => parseQuery(q)).toThrow(/must be a list/)
  })
  it('refuses malformed JSON with a clear error', () => expect(() => parseQuery('["and", ')).toThrow(/not valid JSON/))
  it('refuses an unknown operator nested anywhere in a list, but not inside a JSON object value', () => {
    expect(() => parseQuery('["and", ["or", ["bogus", 1]]]')).toThrow(/"bogus"/)
    expect(() => parseQuery('["and", [[1]]]')).toThrow(/unknown query operator \[1\]/)
    // A list argument is always a sub-query, so a literal list of values is refused.
    expect(() => parseQuery('["in", 1, [1, 2]]')).toThrow(/unknown query operator 1/)
    expect(parseQuery('["=", {"x": ["bogus"]}, {"x": ["bogus"]}]')).toEqual(['=', { x: ['bogus'] }, { x: ['bogus'] }])
  })
  it('re-reads the query when the same request is asked with a different hint', () => {
    const spec = makeSpec({ hints: { query: '["=", 1, 1]' } })
    expect(jsonFilter.reject(host(), spec, config)).toBeNull()
    spec.hints.query = '["=", 1, 2]'
    expect(jsonFilter.reject(host(), spec, config)).toBe('query ["=",1,2] is false for this host')
  })
})
