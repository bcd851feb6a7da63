// Small hooks of the dashboard: the live data, the terminal's size, a ticking clock.
import { useStdout } from 'ink'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { LiveData } from './live/live.js'
import { useDashboard } from './context.js'

/** The live data; the component re-renders when it changes. */
export function useLiveData(): LiveData {
  const { live } = useDashboard()
  return useSyncExternalStore(live.subscribe, live.get)
}

const sizeOf = (stdout: NodeJS.WriteStream) => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 })

/** The terminal's size, following resizes (80x24 when the output is not a terminal). */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout()
  const [size, setSize] = useState(() => sizeOf(stdout))
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout))
    stdout.on('resize', onResize)
    return () => void stdout.off('resize', onResize)
  }, [stdout])
  return size
}

/** The time, moving every `ms` (for ages and "refreshed 3s ago"). */
export function useNow(ms: number): number {
  const { now } = useDashboard()
  const [time, setTime] = useState(now)
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), ms)
    return () => clearInterval(timer)
  }, [ms, now])
  return time
}
