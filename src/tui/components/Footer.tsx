// The bottom lines: the error bar (the CLI's own text, until Esc), then the
// `:` or `/` prompt being typed, a confirmation, or the most useful keys.
import { Box, Text } from 'ink'
import { bindingsFor } from '../keymap.js'
import { completeView } from '../views/index.js'
import type { Notice, Pane } from '../state.js'
import type { ViewName } from '../views/view.js'
import { useDashboard } from '../context.js'

/** How many lines the footer takes for a notice (the rest of the screen is the table's). */
export function footerHeight(notice: Notice | null): number {
  return 1 + (notice ? Math.min(3, notice.text.split('\n').length) : 0)
}

/** The footer. */
export function Footer({ pane, notice, view }: { pane: Pane; notice: Notice | null; view: ViewName }) {
  const { theme } = useDashboard()
  return (
    <Box flexDirection="column" height={footerHeight(notice)}>
      {notice
        ? notice.text
            .split('\n')
            .slice(0, 3)
            .map((line, i) => (
              <Text key={i} wrap="truncate" color={theme.color(notice.tone === 'error' ? 'bad' : 'ok')} bold={i === 0}>
                {line}
                {i === 0 && notice.tone === 'error' ? '  (Esc dismisses)' : ''}
              </Text>
            ))
        : null}
      <Text wrap="truncate">{bottomLine(pane, view, theme.color('dim'))}</Text>
    </Box>
  )
}

function bottomLine(pane: Pane, view: ViewName, dim: string | undefined) {
  if (pane.kind === 'prompt') {
    const hint = pane.prompt === ':' ? (completeView(pane.text)[0] ?? '').slice(pane.text.length) : ''
    return (
      <>
        {pane.prompt}
        {pane.text}
        <Text inverse> </Text>
        <Text color={dim}>{hint}</Text>
        <Text color={dim}>{pane.prompt === ':' ? '   Tab completes, Enter goes, Esc cancels' : '   words or field=value; Enter keeps, Esc cancels'}</Text>
      </>
    )
  }
  if (pane.kind === 'confirm') {
    const who = pane.names.length <= 3 ? pane.names.join(', ') : `${pane.names.length} servers`
    return (
      <Text bold>
        {pane.action.replace('_', ' ')} {who}? y/N
      </Text>
    )
  }
  if (pane.kind === 'ask') return <Text color={dim}>{pane.confirming ? 'y sends it; any other key cancels' : 'Tab/↓ next match, ↑ previous, Enter sends, Esc cancels'}</Text>
  if (pane.kind === 'create') return <Text color={dim}>↑/↓ field, Tab completes, Enter next field (on Create: sends), Esc cancels</Text>
  if (pane.kind === 'console') return <Text color={dim}>Keys go to the guest. Ctrl-] detaches.</Text>
  if (pane.kind === 'graphical') return <Text color={dim}>The display takes the whole terminal once reached; Ctrl-] comes back.</Text>
  if (pane.kind === 'log') return <Text color={dim}>Following the console log. Esc or q closes.</Text>
  if (pane.kind === 'detail') return <Text color={dim}>↑/↓ scroll, Esc back; the action keys work here too</Text>
  if (pane.kind === 'help') return <Text color={dim}>↑/↓ scroll, Esc back</Text>
  const keys = bindingsFor(view).filter((b) => b.footer)
  return <Text color={dim}>{keys.map((b) => `<${b.label}> ${b.footer}`).join('  ')}</Text>
}
