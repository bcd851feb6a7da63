// `v`: while the display is being reached this pane says so; once it is, the
// graphical console takes the whole terminal (graphical.ts) and this pane is
// not seen until Ctrl-] brings the dashboard back. A refusal (no display, a
// stopped server) comes back as the CLI's text for the error bar.
import { Box, Text, useStdin, useStdout } from 'ink'
import { useEffect } from 'react'
import type { ViewEnd } from '../../cli/vnc-view.js'
import { showGraphics } from '../graphical.js'
import { errorText } from '../server-actions.js'
import { useDashboard } from '../context.js'

/** How a graphical session ended, for the dashboard: null (detached), an error bar's text, or quit (a signal). */
export type GraphicalEnd = { how: 'back'; why: string | null } | { how: 'quit' }

/** What the bar says when a session ends other than by detaching (the CLI's words). */
export function graphicalEndText(end: ViewEnd, name: string): GraphicalEnd {
  if (end.how === 'detached') return { how: 'back', why: null }
  if (end.how === 'signal') return { how: 'quit' }
  const why = end.error ? `: ${end.error.message}` : ' (the guest stopped, or the connection to its host dropped)'
  return { how: 'back', why: `The graphical console of ${name} closed${why}` }
}

/** The graphical console of one server; `onEnd` is called once, when the dashboard should be back. */
export function GraphicalPane({ serverId, name, height, onEnd }: { serverId: string; name: string; height: number; onEnd: (end: GraphicalEnd) => void }) {
  const { actions, theme } = useDashboard()
  const { internal_eventEmitter: input, setRawMode } = useStdin()
  const { stdout } = useStdout()

  useEffect(() => {
    let gone = false
    // Keys must keep arriving raw while the dashboard's own key handling is off.
    setRawMode(true)
    actions.openGraphics(serverId).then(
      async (session) => {
        if (gone) return void session.close()
        let end: ViewEnd
        try {
          end = await showGraphics(session, { stdout, input, env: process.env })
        } finally {
          session.client.close()
          await session.close()
        }
        if (!gone) onEnd(graphicalEndText(end, session.serverName))
      },
      (err: Error & { hint?: string }) => {
        if (!gone) onEnd({ how: 'back', why: errorText(err) })
      },
    )
    return () => {
      gone = true
      setRawMode(false)
    }
    // One session per server; it ends by itself (detach, close) before the pane goes.
  }, [serverId])

  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')} wrap="truncate">
        Opening the graphical console of {name}... (Ctrl-] comes back)
      </Text>
    </Box>
  )
}
