// The create-server form: the fields on the left (the focused one marked `>`),
// the store's choices for the focused picker on the right, and under them
// what the check of the whole form says: the CLI's error and hint, or where
// the scheduler would place the server(s) (`server create --dry-run`). The
// check runs a moment after typing stops and whenever the store changes, so
// what is shown before Enter on Create is what would happen now.
import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import type { State } from '../../core/store/schema.js'
import { fit } from '../format.js'
import { CREATE_FIELDS, FIELD_INFO, focusedMatches, valuesOf, type CreateCheck, type CreatePane } from '../forms/create.js'
import { errorText } from '../server-actions.js'
import { useDashboard } from '../context.js'
import { Picker } from './Picker.js'

/** How long typing must pause before the form is checked (a check reads the store and runs the scheduler). */
const CHECK_DELAY_MS = 120

/** The check of the form's current values, redone when they or the store change. */
function useCreateCheck(pane: CreatePane, generation: number | undefined): { check: CreateCheck | null; stale: boolean } {
  const { actions } = useDashboard()
  const values = valuesOf(pane)
  const key = JSON.stringify(values)
  const [done, setDone] = useState<{ key: string; generation: number | undefined; check: CreateCheck } | null>(null)
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      actions.checkCreate(values).then(
        (check) => live && setDone({ key, generation, check }),
        (err: Error & { hint?: string }) => live && setDone({ key, generation, check: { ok: false, error: errorText(err) } }),
      )
    }, CHECK_DELAY_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // `values` is `key` parsed; the check depends on nothing else.
  }, [key, generation, actions])
  return { check: done?.check ?? null, stale: done?.key !== key || done.generation !== generation }
}

/** The create form. */
export function CreateForm({ pane, state, height, width }: { pane: CreatePane; state: State | null; height: number; width: number }) {
  const { theme } = useDashboard()
  const { check, stale } = useCreateCheck(pane, state?.generation)
  const left = Math.min(44, Math.floor(width * 0.55))
  const labelWidth = 12
  const picker = focusedMatches(pane, state)
  const fieldLines = CREATE_FIELDS.length + 1
  const focusField = CREATE_FIELDS[pane.focus]
  const asked = Number(pane.fields.count.text.trim() || '1')

  const below: { text: string; tone?: 'bad' | 'dim' | 'ok' | 'warn' }[] = []
  if (!check) below.push({ text: 'Checking...', tone: 'dim' })
  else if (!check.ok) below.push(...check.error.split('\n').map((text) => ({ text, tone: 'bad' as const })))
  else {
    below.push({ text: stale ? 'Where it would land (scheduler dry run; checking again...):' : 'Where it would land (scheduler dry run):', tone: 'dim' })
    if (check.count < asked) below.push({ text: `The quotas allow ${check.count} of the ${asked} asked for; that many would be created.`, tone: 'warn' })
    below.push(...check.explanation.split('\n').map((text) => ({ text, tone: text.startsWith('No valid host') ? ('bad' as const) : undefined })))
  }
  const room = Math.max(0, height - 1 - fieldLines - 1)

  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color('accent')} wrap="truncate">
        {pane.busy ? 'New server: sending...' : 'New server'}
      </Text>
      <Box flexDirection="row" height={fieldLines}>
        <Box flexDirection="column" width={left}>
          {CREATE_FIELDS.map((f, i) => {
            const on = i === pane.focus
            const text = pane.fields[f].text
            return (
              <Text key={f} wrap="truncate" bold={on}>
                {`${on ? '>' : ' '} ${fit(FIELD_INFO[f].label, labelWidth - 2)}`}
                {fit(text, Math.max(1, left - labelWidth - 2)).trimEnd()}
                {on ? <Text inverse> </Text> : null}
                {!text && FIELD_INFO[f].blank ? <Text color={theme.color('dim')}>{`${on ? ' ' : ''}(${FIELD_INFO[f].blank})`}</Text> : null}
              </Text>
            )
          })}
          <Text bold={pane.focus === CREATE_FIELDS.length} inverse={pane.focus === CREATE_FIELDS.length}>
            {`${pane.focus === CREATE_FIELDS.length ? '>' : ' '} [ Create ]`}
          </Text>
        </Box>
        <Box flexDirection="column" width={Math.max(0, width - left)}>
          {picker ? (
            <Picker matches={picker.matches} current={picker.current} height={fieldLines} width={Math.max(0, width - left)} empty={picker.empty} />
          ) : (
            <Text color={theme.color('dim')} wrap="truncate">
              {fit(focusField ? FIELD_INFO[focusField].help : 'Enter sends it', Math.max(0, width - left)).trimEnd()}
            </Text>
          )}
        </Box>
      </Box>
      <Text> </Text>
      {below.slice(0, room).map((l, i) => (
        <Text key={i} wrap="truncate" color={theme.color(l.tone)}>
          {fit(l.text, width).trimEnd() || ' '}
        </Text>
      ))}
    </Box>
  )
}
