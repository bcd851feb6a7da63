// `l`: a server's console log, its last lines and then whatever the guest
// prints next (the same stream as `console log --follow`), as plain lines.
import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import { errorText } from '../server-actions.js'
import { plain } from '../format.js'
import { useDashboard } from '../context.js'

/** How many lines the pane keeps (what scrolled further is gone, as in a terminal). */
const KEEP = 2000

/** Lines of a log so far and a new chunk: complete lines, and a last line that may still grow. */
export function appendLog(lines: readonly string[], chunk: string): string[] {
  const text = (lines.length > 0 ? lines[lines.length - 1] : '') + plain(chunk.replace(/\r\n/g, '\n').replace(/\r/g, ''))
  const next = [...lines.slice(0, -1), ...text.split('\n')]
  return next.length > KEEP ? next.slice(next.length - KEEP) : next
}

/** The console log pane of one server. */
export function LogPane({ serverId, name, height, width }: { serverId: string; name: string; height: number; width: number }) {
  const { actions, theme } = useDashboard()
  const [lines, setLines] = useState<string[]>([])
  const [status, setStatus] = useState('connecting...')
  useEffect(() => {
    let closed = false
    let close: (() => Promise<void>) | undefined
    actions.followLog(serverId, Math.max(10, height)).then(
      (session) => {
        if (closed) return void session.close()
        close = () => session.close()
        setStatus('following')
        session.stream.io.on('data', (d: Buffer) => setLines((prev) => appendLog(prev, d.toString('utf8'))))
        void session.stream.exit.then(() => !closed && setStatus('the log ended'))
      },
      (err: Error & { hint?: string }) => !closed && setStatus(errorText(err)),
    )
    return () => {
      closed = true
      void close?.()
    }
  }, [actions, serverId, height])
  const shown = lines.length > 0 && lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')} wrap="truncate">
        Console log of {name} ({status})
      </Text>
      {shown.slice(-(height - 1)).map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.slice(0, width) || ' '}
        </Text>
      ))}
    </Box>
  )
}
