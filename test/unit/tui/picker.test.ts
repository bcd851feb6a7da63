// The pickers' matching and Tab completion, and the create form's keys, as pure functions.
import { expect, it } from 'vitest'
import { complete, edit, matching } from '../../../src/tui/forms/picker.js'
import { createKey, createPane, valuesOf, createRequest } from '../../../src/tui/forms/create.js'

const choices = ['m1.tiny', 'm1.small', 'big-small', 'm1.large'].map((value) => ({ value }))

it('offers names starting with the text first, then names containing it, ignoring case', () => {
  expect(matching([...choices, { value: 'small' }], 'SMA').map((c) => c.value)).toEqual(['small', 'm1.small', 'big-small'])
  expect(matching(choices, 'big').map((c) => c.value)).toEqual(['big-small'])
  expect(matching(choices, 'm1.s').map((c) => c.value)).toEqual(['m1.small'])
  expect(matching(choices, '').map((c) => c.value)).toEqual(['m1.tiny', 'm1.small', 'big-small', 'm1.large'])
  expect(matching(choices, 'zz')).toEqual([])
})

it('Tab walks the matches of what was typed, both ways, and typing starts over', () => {
  let f = complete({ text: 'm1' }, choices)
  expect(f.text).toBe('m1.tiny')
  f = complete(f, choices)
  expect(f.text).toBe('m1.small')
  f = complete(f, choices, -1)
  expect(f.text).toBe('m1.tiny')
  f = complete(f, choices, -1)
  expect(f.text).toBe('m1.large')
  expect(edit(f, 'x', 'x')).toEqual({ text: 'm1.largex' })
  expect(complete({ text: 'zz' }, choices)).toEqual({ text: 'zz' })
  expect(edit({ text: 'ab' }, 'backspace', '')).toEqual({ text: 'a' })
  expect(edit({ text: 'ab' }, 'return', '')).toBeNull()
})

it('moves through the form with the arrows and Enter, and sends only from Create', () => {
  let pane = createPane()
  for (const ch of 'web') {
    const out = createKey(pane, ch, ch, null)
    if (out.kind !== 'pane') throw new Error(out.kind)
    pane = out.pane
  }
  expect(valuesOf(pane).name).toBe('web')
  expect(valuesOf(pane).count).toBe('1')
  const down = createKey(pane, 'return', '', null)
  expect(down.kind === 'pane' && down.pane.focus).toBe(1)
  let last = pane
  for (let i = 0; i < 20; i++) {
    const out = createKey(last, 'down', '', null)
    if (out.kind === 'pane') last = out.pane
  }
  expect(last.focus).toBe(8)
  expect(createKey(last, 'x', 'x', null)).toEqual({ kind: 'none' })
  expect(createKey(last, 'return', '', null)).toEqual({ kind: 'submit', values: valuesOf(pane) })
  expect(createKey({ ...last, busy: true }, 'return', '', null)).toEqual({ kind: 'none' })
  expect(createKey(last, 'escape', '', null)).toEqual({ kind: 'close' })
})

it('builds the request `server create` would build from the same flags', async () => {
  const request = await createRequest({ name: 'web', flavor: 'm1.small', image: 'tiny', key: 'me', zone: 'rack1', group: 'spread', count: '3', userData: '' })
  expect(request).toEqual({
    name: 'web',
    flavor: 'm1.small',
    image: 'tiny',
    placement: { hints: { group: ['spread'] }, availabilityZone: 'rack1', max: 3 },
    guest: { keyName: 'me', userData: undefined },
  })
  await expect(createRequest({ name: 'web', flavor: 'f', image: 'i', key: '', zone: '', group: '', count: '', userData: '/nonexistent/cloud.yaml' })).rejects.toThrow('--user-data /nonexistent/cloud.yaml: no such file')
})
