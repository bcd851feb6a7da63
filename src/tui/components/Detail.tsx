// The detail pane: every field of the selected row's object in titled
// sections (the fault first when there is one), scrolled with the arrows.
import { Box, Text } from 'ink'
import { fit } from '../format.js'
import type { Tone } from '../theme.js'
import type { DetailSection } from '../views/view.js'
import { useDashboard } from '../context.js'

/** One line of a detail pane: a section title, or a label and (part of) its value. */
export interface DetailText {
  text: string
  tone?: Tone
  title?: boolean
}

/** The lines a detail pane shows, before scrolling: a title per section, then `label  value` lines. */
export function detailLines(sections: readonly DetailSection[], width: number): DetailText[] {
  const labelWidth = Math.min(22, Math.max(8, ...sections.flatMap((s) => s.lines.map((l) => l.label.length + 1))))
  const out: DetailText[] = []
  for (const section of sections) {
    out.push({ text: section.title, title: true })
    if (section.lines.length === 0) out.push({ text: '  (none)', tone: 'dim' })
    for (const line of section.lines) {
      // A long value continues on the next lines, indented under the value column.
      const room = Math.max(10, width - labelWidth - 2)
      const parts = line.value.split('\n').flatMap((p) => (p.length === 0 ? [''] : (p.match(new RegExp(`.{1,${room}}`, 'g')) ?? [''])))
      parts.forEach((part, i) => out.push({ text: `  ${i === 0 ? fit(line.label, labelWidth) : ' '.repeat(labelWidth)}${part}`, tone: line.tone }))
    }
  }
  return out
}

/** The detail pane of one row. */
export function Detail({ sections, scroll, height, width }: { sections: readonly DetailSection[] | null; scroll: number; height: number; width: number }) {
  const { theme } = useDashboard()
  if (!sections) {
    return (
      <Box height={height}>
        <Text color={theme.color('warn')}>It is gone (deleted since). Esc goes back.</Text>
      </Box>
    )
  }
  const lines = detailLines(sections, width)
  const top = Math.min(scroll, Math.max(0, lines.length - height))
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(top, top + height).map((l, i) => (
        <Text key={top + i} wrap="truncate" bold={l.title} color={l.title ? theme.color('accent') : theme.color(l.tone)}>
          {l.text}
        </Text>
      ))}
    </Box>
  )
}
