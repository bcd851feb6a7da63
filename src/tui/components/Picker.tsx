// The choices a picker offers for what is typed: the matches, best first,
// the one Tab is on marked (`>` and inverse, which survive NO_COLOR), and a
// count of those left out when they do not fit.
import { Box, Text } from 'ink'
import { fit } from '../format.js'
import type { Choice } from '../forms/picker.js'
import { useDashboard } from '../context.js'

/** A list of choices, `height` lines at most. */
export function Picker({ matches, current, height, width, empty }: { matches: readonly Choice[]; current?: number; height: number; width: number; empty: string }) {
  const { theme } = useDashboard()
  if (height <= 0) return null
  if (matches.length === 0) {
    return (
      <Text wrap="truncate" color={theme.color('warn')}>
        {fit(empty, width).trimEnd()}
      </Text>
    )
  }
  const room = matches.length > height ? height - 1 : height
  // Keep the current choice on screen.
  const top = current !== undefined && current >= room ? current - room + 1 : 0
  const valueWidth = Math.min(24, Math.max(...matches.map((m) => m.value.length)) + 2)
  return (
    <Box flexDirection="column">
      {matches.slice(top, top + room).map((m, i) => {
        const on = top + i === current
        return (
          <Text key={m.value} wrap="truncate" inverse={on}>
            {fit(`${on ? '>' : ' '} ${fit(m.value, valueWidth)}${m.note ?? ''}`, width).trimEnd()}
          </Text>
        )
      })}
      {matches.length > room ? <Text color={theme.color('dim')}>{`  ...${matches.length - room} more (type to narrow)`}</Text> : null}
    </Box>
  )
}
