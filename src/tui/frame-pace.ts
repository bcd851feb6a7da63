// How often the bundled ink draws a frame: inkPacePlugin in scripts/build.mjs
// patches ink's ink.js to take its render throttle from here, and the
// dashboard's key handler marks the frame a key asks for as urgent.
//
// Why: ink draws at most maxFps frames a second, through es-toolkit's throttle,
// which is a debounce with a maximum wait. A render asked for within a window
// (1/60 s after the last frame) is put off, and each new call in the window
// starts the wait again. So a key pressed just after another frame (the
// clock's tick every second, another process's change, the frame of the key
// before when typing fast) waited a whole window after its own render was
// ready: 15 to 25 ms more, which made the filter key that replaces every row
// take up to 38 ms against its 33 ms target. Here:
// - a frame that answers a key is drawn at once: a person types at most a few
//   keys a frame, and each is what they wait to see;
// - any other frame waits only for the rest of the window after the last one,
//   and frames asked for meanwhile are one frame.

let urgent = false

/** The next frame answers a key: ink draws it as soon as React has committed it. */
export function drawNextFrameAtOnce(): void {
  urgent = true
}

/** A paced render, with what ink's throttle has for unmounting: `flush` draws a frame put off, `cancel` drops it. */
export interface PacedRender {
  (): void
  flush(): void
  cancel(): void
}

/** `render` called at most once per `ms`, except for an urgent frame; never a frame later than `ms` after it was asked for. */
export function paceFrames(render: () => void, ms: number, now: () => number = () => performance.now()): PacedRender {
  let last = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | undefined
  const draw = () => {
    paced.cancel()
    urgent = false
    last = now()
    render()
  }
  const paced = (() => {
    if (urgent) return draw()
    if (timer !== undefined) return
    const wait = last + ms - now()
    if (wait <= 0) draw()
    else timer = setTimeout(draw, wait)
  }) as PacedRender
  paced.flush = () => {
    if (timer !== undefined) draw()
  }
  paced.cancel = () => {
    clearTimeout(timer)
    timer = undefined
  }
  return paced
}
