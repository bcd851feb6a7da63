// `?`: every key of the current view, from the keymap, and the view names `:` takes.
import { Box, Text } from 'ink'
import { bindingsFor } from '../keymap.js'
import { VIEWS } from '../views/index.js'
import type { ViewName } from '../views/view.js'
import { fit } from '../format.js'
import { useDashboard } from '../context.js'

/** The help pane. */
export function Help({ view, scroll, height, width }: { view: ViewName; scroll: number; height: number; width: number }) {
  const { theme } = useDashboard()
  const keys = bindingsFor(view)
  const lines = [
    ...keys.map((b) => `  ${fit(b.label, 8)}${b.description}`),
    '',
    'Views (:name or a short name; Tab completes):',
    ...VIEWS.map((v) => `  ${fit(v.name, 12)}${v.aliases.join(', ')}`),
  ]
  const top = Math.min(scroll, Math.max(0, lines.length - (height - 1)))
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')}>
        Keys of the {view} view (↑/↓ scroll, Esc closes)
      </Text>
      {lines.slice(top, top + height - 1).map((l, i) => (
        <Text key={top + i} wrap="truncate">
          {fit(l, width).trimEnd() || ' '}
        </Text>
      ))}
    </Box>
  )
}
