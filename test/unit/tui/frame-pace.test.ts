// How the bundled ink paces its frames (src/tui/frame-pace.ts): a frame that
// answers a key is drawn at once, any other waits only for the rest of the
// window after the last frame, and frames asked for meanwhile are one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { drawNextFrameAtOnce, paceFrames } from '../../../src/tui/frame-pace.js'

const WINDOW = 17

describe('paceFrames', () => {
  let frames: number[]
  const pace = () => paceFrames(() => frames.push(Date.now()), WINDOW, () => Date.now())

  beforeEach(() => {
    vi.useFakeTimers({ now: 1000 })
    frames = []
  })
  afterEach(() => vi.useRealTimers())

  it('draws the first frame at once, and one asked for within the window when the window ends', () => {
    const render = pace()
    render()
    expect(frames).toEqual([1000])
    vi.advanceTimersByTime(12)
    render()
    expect(frames).toEqual([1000])
    // more asks meanwhile do not start the wait again (ink's own throttle did)
    vi.advanceTimersByTime(3)
    render()
    render()
    vi.advanceTimersByTime(2)
    expect(frames).toEqual([1000, 1017])
    vi.advanceTimersByTime(100)
    expect(frames).toEqual([1000, 1017])
  })

  it('draws at once after a quiet window', () => {
    const render = pace()
    render()
    vi.advanceTimersByTime(WINDOW)
    render()
    expect(frames).toEqual([1000, 1017])
  })

  it('draws the frame a key asks for at once, even within the window, and drops the frame put off', () => {
    const render = pace()
    render() // the clock's tick
    vi.advanceTimersByTime(2)
    render() // put off to 1017
    drawNextFrameAtOnce()
    vi.advanceTimersByTime(1)
    render() // the key's frame
    expect(frames).toEqual([1000, 1003])
    vi.advanceTimersByTime(100)
    expect(frames).toEqual([1000, 1003])
    // the mark is used up: the next frame is paced again
    render()
    vi.advanceTimersByTime(5)
    render()
    expect(frames).toEqual([1000, 1003, 1103])
    vi.advanceTimersByTime(12)
    expect(frames).toEqual([1000, 1003, 1103, 1120])
  })

  it('flushes a frame put off (ink does when it unmounts), and cancels one', () => {
    const render = pace()
    render()
    render()
    render.flush()
    expect(frames).toEqual([1000, 1000])
    render.flush() // nothing put off: nothing drawn
    expect(frames).toEqual([1000, 1000])
    vi.advanceTimersByTime(1)
    render()
    render.cancel()
    vi.advanceTimersByTime(100)
    expect(frames).toEqual([1000, 1000])
  })
})
