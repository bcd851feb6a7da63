// `c`: a server's serial console in a pane. The guest's output goes through
// ConsoleScreen (@xterm/headless), so cursor moves and full-screen programs
// show as a terminal would show them; every key goes to the guest as typed,
// except Ctrl-], which detaches (as `console serial` does).
import { Box, Text, useStdin } from 'ink'
import { useEffect, useRef, useState } from 'react'
import { ConsoleScreen } from '../../core/console/screen.js'
import { errorText } from '../server-actions.js'
import { useDashboard } from '../context.js'

/** The key that leaves the console pane: Ctrl-] (0x1d), as in `console serial` and telnet. */
export const DETACH = '\x1d'

/** The serial console pane; `onDetach` is called on Ctrl-] or when the console closes. */
export function ConsolePane({ serverId, name, height, width, onDetach }: { serverId: string; name: string; height: number; width: number; onDetach: (why: string | null) => void }) {
  const { actions, theme } = useDashboard()
  const { internal_eventEmitter: input, setRawMode } = useStdin()
  const [rows, setRows] = useState<string[]>([])
  const [status, setStatus] = useState('connecting...')
  const screenRef = useRef<ConsoleScreen | null>(null)
  const streamRef = useRef<{ resize: (size: { cols: number; rows: number }) => void } | null>(null)
  const rowsOnScreen = height - 1

  useEffect(() => {
    let closed = false
    let close: (() => Promise<void>) | undefined
    let pending: NodeJS.Timeout | undefined
    const sessionP = (async () => {
      const screen = await ConsoleScreen.create(width, rowsOnScreen)
      screenRef.current = screen
      const session = await actions.openSerial(serverId, { cols: width, rows: rowsOnScreen })
      return { screen, session }
    })()
    sessionP.then(
      ({ screen, session }) => {
        if (closed) return void session.close()
        close = () => session.close()
        streamRef.current = session.stream
        setStatus('attached')
        // Redraw at most every 16 ms however fast the guest prints.
        const redraw = () => {
          pending ??= setTimeout(() => {
            pending = undefined
            if (!closed) setRows(screen.rows())
          }, 16)
        }
        session.stream.io.on('data', (d: Buffer) => void screen.write(d).then(redraw))
        const onKeys = (data: string) => {
          const at = data.indexOf(DETACH)
          if (at < 0) return void session.stream.io.write(data)
          if (at > 0) session.stream.io.write(data.slice(0, at))
          onDetach(null)
        }
        input.on('input', onKeys)
        void session.stream.exit.then(() => {
          input.off('input', onKeys)
          if (!closed) onDetach(`The serial console of ${name} closed.`)
        })
        close = async () => {
          input.off('input', onKeys)
          await session.close()
        }
      },
      (err: Error & { hint?: string }) => {
        if (!closed) onDetach(errorText(err))
      },
    )
    setRawMode(true)
    return () => {
      closed = true
      clearTimeout(pending)
      setRawMode(false)
      void close?.()
      screenRef.current?.dispose()
    }
    // The session is opened once per server; a resize is passed on below.
  }, [serverId])

  // The guest's terminal follows the pane's size, as `console serial` passes on a resize.
  useEffect(() => {
    screenRef.current?.resize(width, rowsOnScreen)
    streamRef.current?.resize({ cols: width, rows: rowsOnScreen })
  }, [width, rowsOnScreen])

  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')} wrap="truncate">
        Serial console of {name} ({status}; Ctrl-] detaches)
      </Text>
      {rows.slice(0, rowsOnScreen).map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Box>
  )
}
