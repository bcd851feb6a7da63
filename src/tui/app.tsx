// The dashboard's root: the live data, the dashboard's own state (one
// reducer), the keys (input.ts) and the layout of the screens it composes.
import { Box, Text, useApp, useInput } from 'ink'
import { useCallback, useReducer, useRef } from 'react'
import { ConsolePane } from './components/ConsolePane.js'
import { GraphicalPane, type GraphicalEnd } from './components/GraphicalPane.js'
import { CreateForm } from './components/CreateForm.js'
import { PromptPane } from './components/PromptPane.js'
import { Detail } from './components/Detail.js'
import { Footer, footerHeight } from './components/Footer.js'
import { Header } from './components/Header.js'
import { Help } from './components/Help.js'
import { LogPane } from './components/LogPane.js'
import { Table } from './components/Table.js'
import { DashboardContext, useDashboard, type DashboardEnv } from './context.js'
import { useLiveData, useNow, useTerminalSize } from './hooks.js'
import { onKey, type InputContext } from './input.js'
import { drawNextFrameAtOnce } from './frame-pace.js'
import { keyPresses } from './keymap.js'
import { sortOf, tableScreen } from './screen.js'
import { errorText, type ArgActionName, type ServerActionName } from './server-actions.js'
import type { CreateValues } from './forms/create.js'
import { initialUi, uiReducer, type UiAction, type UiState } from './state.js'
import { viewNamed } from './views/index.js'
import type { ViewName } from './views/view.js'

/** The dashboard, given its environment. */
export function App({ env, initialView }: { env: DashboardEnv; initialView?: ViewName }) {
  return (
    <DashboardContext.Provider value={env}>
      <Dashboard initialView={initialView} />
    </DashboardContext.Provider>
  )
}

/** Lines above the table (header) and the table's own title and column header. */
const HEADER_LINES = 2
const TABLE_CHROME = 2

function Dashboard({ initialView }: { initialView?: ViewName }) {
  const env = useDashboard()
  const data = useLiveData()
  const { columns, rows: termRows } = useTerminalSize()
  const now = useNow(1000)
  const { exit } = useApp()
  const [ui, dispatch] = useReducer(uiReducer, initialView, initialUi)
  // The state as of the last key handled, ahead of React's next render (see input.ts).
  const latest = useRef<UiState>(ui)
  latest.current = ui

  // One line is left free: ink redraws in place only while its output is shorter than the terminal.
  const height = Math.max(8, termRows - 1)
  const notice = ui.notice ?? (data.error ? { text: `Error: ${data.error}`, tone: 'error' as const } : null)
  const bodyHeight = height - HEADER_LINES - footerHeight(notice)
  const tableRows = bodyHeight - TABLE_CHROME
  const view = viewNamed(ui.view)
  const screen = tableScreen(data.snapshot, view, ui, tableRows)

  const act = useCallback(
    (name: ServerActionName, ids: string[]) => {
      env.actions.serverAction(name, ids).then(
        (report) => report.errors.length > 0 && dispatch({ type: 'notice', notice: { text: report.errors.join('\n'), tone: 'error' } }),
        (err: Error & { hint?: string }) => dispatch({ type: 'notice', notice: { text: errorText(err), tone: 'error' } }),
      )
    },
    [env.actions],
  )

  const fail = useCallback((err: Error & { hint?: string }) => dispatch({ type: 'notice', notice: { text: errorText(err), tone: 'error' } }), [])
  const serverName = (id: string) => data.snapshot?.state.servers.find((s) => s.id === id)?.name ?? id
  const actWith = (name: ArgActionName, ids: string[], arg: string) => {
    env.actions.argAction(name, ids.map((id) => ({ id, name: serverName(id) })), arg).then(
      (report) => report.errors.length > 0 && dispatch({ type: 'notice', notice: { text: report.errors.join('\n'), tone: 'error' } }),
      fail,
    )
  }
  // A create that is refused leaves the form open (with what was typed) under the error bar.
  const create = (values: CreateValues) => {
    const stillOpen = () => latest.current.pane.kind === 'create'
    env.actions.createServers(values).then(
      ({ ids }) => {
        if (stillOpen()) dispatch({ type: 'pane', pane: { kind: 'table' } })
        if (latest.current.view === 'servers' && ids[0]) dispatch({ type: 'cursor', at: { key: ids[0], index: 0, top: 0 } })
      },
      (err: Error & { hint?: string }) => {
        const pane = latest.current.pane
        if (pane.kind === 'create') dispatch({ type: 'pane', pane: { ...pane, busy: false } })
        fail(err)
      },
    )
  }

  const context: InputContext = {
    ui: () => latest.current,
    send: (action: UiAction) => {
      latest.current = uiReducer(latest.current, action)
      dispatch(action)
    },
    screen: (state) => tableScreen(data.snapshot, viewNamed(state.view), state, tableRows),
    page: Math.max(1, tableRows - 1),
    quit: exit,
    act,
    refreshHosts: () => void env.actions.refreshHosts(),
    serverNames: (ids) => ids.map(serverName),
    state: () => data.snapshot?.state ?? null,
    actWith,
    create,
  }
  useInput(
    (input, key) => {
      drawNextFrameAtOnce()
      for (const press of keyPresses(input, key)) onKey(press, context)
    },
    // A console pane takes every key itself (Ctrl-C goes to the guest).
    { isActive: ui.pane.kind !== 'console' && ui.pane.kind !== 'graphical' },
  )

  const filter = ui.filters[ui.view]
  const count = screen.rows.length === screen.total ? `${screen.total}` : `${screen.rows.length} of ${screen.total}`
  const title = `${view.name} (${count})${filter ? `  /${filter}` : ''}${ui.selected.size > 0 ? `  ${ui.selected.size} selected` : ''}`
  const { pane } = ui
  let body
  if (pane.kind === 'help') body = <Help view={ui.view} scroll={pane.scroll} height={bodyHeight} width={columns} />
  else if (pane.kind === 'detail') body = <Detail sections={data.snapshot ? view.detail(data.snapshot, pane.key) : null} scroll={pane.scroll} height={bodyHeight} width={columns} />
  else if (pane.kind === 'ask') body = <PromptPane pane={pane} state={data.snapshot?.state ?? null} height={bodyHeight} width={columns} />
  else if (pane.kind === 'create') body = <CreateForm pane={pane} state={data.snapshot?.state ?? null} height={bodyHeight} width={columns} />
  else if (pane.kind === 'log') body = <LogPane serverId={pane.serverId} name={pane.name} height={bodyHeight} width={columns} />
  else if (pane.kind === 'console') {
    const onDetach = (why: string | null) => {
      dispatch({ type: 'pane', pane: { kind: 'table' } })
      if (why) dispatch({ type: 'notice', notice: { text: why, tone: 'error' } })
    }
    body = <ConsolePane serverId={pane.serverId} name={pane.name} height={bodyHeight} width={columns} onDetach={onDetach} />
  } else if (pane.kind === 'graphical') {
    const onEnd = (end: GraphicalEnd) => {
      if (end.how === 'quit') return exit()
      dispatch({ type: 'pane', pane: { kind: 'table' } })
      if (end.why) dispatch({ type: 'notice', notice: { text: end.why, tone: 'error' } })
    }
    body = <GraphicalPane serverId={pane.serverId} name={pane.name} height={bodyHeight} onEnd={onEnd} />
  } else if (!data.snapshot)
    body = (
      <Box height={bodyHeight}>
        <Text>Reading the store...</Text>
      </Box>
    )
  else body = <Table title={title} columns={view.columns} rows={screen.rows} top={screen.top} cursor={screen.cursor} height={bodyHeight} width={columns} selected={ui.selected} now={now} empty={view.empty} sort={sortOf(ui)} />

  return (
    <Box flexDirection="column" height={height} width={columns}>
      <Header snapshot={data.snapshot} width={columns} now={now} conducting={data.conducting} />
      {body}
      <Footer pane={pane} notice={notice} view={ui.view} />
    </Box>
  )
}
