// The console screen model: what a terminal would show, not the raw bytes.
import { describe, expect, it } from 'vitest'
import { ConsoleScreen } from '../../src/core/console/screen.js'

describe('ConsoleScreen', () => {
  it('applies clears, cursor moves and overwrites as a terminal does', async () => {
    const screen = await ConsoleScreen.create(20, 4)
    await screen.write('boot noise\r\nmore noise\x1b[2J\x1b[H')
    await screen.write('top - 10:00\r\nPID USER\x1b[1;5HXX')
    expect(screen.rows()).toEqual(['top XX10:00', 'PID USER', '', ''])
    expect(screen.text()).toBe('top XX10:00\nPID USER')
    expect(screen.cursor()).toEqual({ x: 6, y: 0 })
  })

  it('keeps the last rows when output scrolls, and wraps long lines at the width', async () => {
    const screen = await ConsoleScreen.create(10, 3)
    await screen.write('1\r\n2\r\n3\r\n4\r\n0123456789AB')
    expect(screen.rows()).toEqual(['4', '0123456789', 'AB'])
  })
})
