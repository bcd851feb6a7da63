// The pane of an action that asks for its argument: what it will do to
// which servers, the text typed (checked as it is typed, with core's words),
// the choices that match it, and for a rebuild the last question before the
// disk is lost.
import { Box, Text } from 'ink'
import type { Server, State } from '../../core/store/schema.js'
import { fit } from '../format.js'
import { ASKS, askChoices, firstAccepted, tryArg, type AskPane } from '../forms/ask.js'
import { fieldMatches, type Choice } from '../forms/picker.js'
import type { Tone } from '../theme.js'
import { ARG_ACTIONS } from '../server-actions.js'
import { useDashboard } from '../context.js'
import { Picker } from './Picker.js'

/** Who an action is for, as its prompt says it. */
export function whoOf(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.length} servers`
}

/** What the prompt says under the text: accepted, what Enter would take instead, or the CLI's refusal. */
export function statusLines(pane: AskPane, state: State | null, servers: readonly Server[], matches: readonly Choice[]): { text: string; tone: Tone }[] {
  if (!state) return [{ text: 'Reading the store...', tone: 'dim' }]
  const trial = tryArg(pane.action, state, servers, pane.field.text.trim())
  const refusal = (trial.problem ?? '').split('\n').map((text) => ({ text, tone: 'bad' as const }))
  if (trial.refused === 0) return [{ text: 'OK: Enter sends it', tone: 'ok' }]
  if (trial.accepted > 0) return [{ text: `${trial.accepted} of ${servers.length} servers take it; Enter sends it to them. The first refusal:`, tone: 'warn' }, ...refusal]
  // What is typed so far may only be the start of a choice: say what Enter would take rather than call it wrong.
  const takes = firstAccepted(pane.action, state, servers, matches)
  return takes ? [{ text: `Enter takes ${takes} (Tab or ↓ walks the matches)`, tone: 'dim' }] : refusal
}

/** The action prompt. */
export function PromptPane({ pane, state, height, width }: { pane: AskPane; state: State | null; height: number; width: number }) {
  const { theme } = useDashboard()
  const ask = ASKS[pane.action]
  const verb = ARG_ACTIONS[pane.action].verb
  const who = whoOf(pane.names)
  if (pane.confirming) {
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="wrap">
          {`Rebuild ${who} from ${pane.field.text || 'its own image'}? Everything on the disk is lost. y/N`}
        </Text>
      </Box>
    )
  }
  const servers = state ? pane.ids.map((id) => state.servers.find((s) => s.id === id)).filter((s): s is Server => s !== undefined) : []
  const choices = state ? askChoices(pane.action, state, servers) : []
  const matches = fieldMatches(pane.field, choices)
  const status = statusLines(pane, state, servers, matches)
  const blank = ask.blankMeans && !pane.field.text.trim() ? `  (empty: ${ask.blankMeans})` : ''
  const listHeight = height - 2 - status.length
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')} wrap="truncate">
        {fit(`${verb[0].toUpperCase()}${verb.slice(1)} ${who}: which ${ask.label}?`, width).trimEnd()}
      </Text>
      <Text wrap="truncate">
        {`${ask.label}: `}
        {pane.field.text}
        <Text inverse> </Text>
        <Text color={theme.color('dim')}>{blank}</Text>
      </Text>
      {status.map((line, i) => (
        <Text key={i} wrap="truncate" color={theme.color(line.tone)}>
          {line.text}
        </Text>
      ))}
      {pane.action === 'snapshot' ? (
        pane.names.length > 1 ? <Text color={theme.color('dim')}>{`Each image is named NAME-SERVER (${pane.field.text}-${pane.names[0]}...).`}</Text> : null
      ) : (
        <Picker matches={matches} current={pane.field.cycle} height={listHeight} width={width} empty={`No ${ask.label} matches "${pane.field.text}".`} />
      )}
    </Box>
  )
}
