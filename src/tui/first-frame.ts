// Work the dashboard can do later waits for its first frame, which issue 9
// allows 0.6 s with 10,000 servers: the deferred part of the store's first read
// (open.ts) and the rows' search index (screen.ts). A second is the most that
// work waits, should no frame come (a test that renders nothing).

let drawn = () => {}

/** Settles once the first frame has been drawn, or after a second. */
export const firstFrameDrawn = new Promise<void>((resolve) => {
  drawn = resolve
  setTimeout(resolve, 1000).unref()
})

/** Called after each frame is drawn (run.tsx). */
export function frameDrawn(): void {
  drawn()
}
