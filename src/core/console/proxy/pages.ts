// The proxy's own page around noVNC's RFB module (noVNC's npm package ships
// the library, not its vnc.html app). It takes the WebSocket path from `path`
// as noVNC's own pages and Nova's URLs do, shows the state in the bar (and in
// <body data-state>, which the end-to-end test waits on), and shows why the
// proxy closed the connection, which noVNC alone only logs.

/** A file the proxy serves from memory. */
export interface Page {
  contentType: string
  body: string
  /** A Content-Security-Policy other than the proxy's strict one (spice-html5's pages have inline scripts). */
  csp?: string
}

const VNC_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>homenova console</title>
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/vnc.js"></script>
</head>
<body data-state="loading">
<div id="bar"><span id="status">Loading…</span><button id="cad" type="button" disabled>Send Ctrl-Alt-Del</button></div>
<div id="screen"></div>
</body>
</html>
`

const VNC_JS = `import RFB from '/novnc/core/rfb.js'

const status = document.getElementById('status')
const cad = document.getElementById('cad')
function show(state, text) {
  document.body.dataset.state = state
  status.textContent = text
}

const path = new URLSearchParams(location.search).get('path') ?? ''
if (!/^(websockify|spice)\\/[0-9a-f-]+\\?token=[A-Za-z0-9_-]+$/.test(path)) {
  show('failed', 'This page needs a console URL: get one with "homenova console url show SERVER".')
} else {
  // The WebSocket is made here and handed to noVNC so that the proxy's close reason can be shown.
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/' + path)
  ws.binaryType = 'arraybuffer'
  let connected = false
  ws.addEventListener('close', (e) => {
    if (!connected) show('refused', e.reason ? 'Refused: ' + e.reason + '. Console URLs work once and expire; ask for a new one.' : 'The proxy closed the connection (code ' + e.code + ').')
  })
  show('connecting', 'Connecting…')
  const rfb = new RFB(document.getElementById('screen'), ws, { shared: true })
  rfb.scaleViewport = true
  rfb.addEventListener('connect', () => {
    connected = true
    cad.disabled = false
    show('connected', 'Connected')
  })
  rfb.addEventListener('desktopname', (e) => { document.title = e.detail.name + ' - homenova console' })
  rfb.addEventListener('disconnect', (e) => {
    cad.disabled = true
    if (connected) show('disconnected', e.detail.clean ? 'Disconnected.' : 'The connection to the server was lost.')
  })
  rfb.addEventListener('securityfailure', (e) => show('failed', 'The display refused the connection: ' + (e.detail.reason || e.detail.status)))
  cad.addEventListener('click', () => rfb.sendCtrlAltDel())
}
`

const CONSOLE_CSS = `html, body { margin: 0; height: 100%; background: #222; color: #eee; font: 14px system-ui, sans-serif; }
body { display: flex; flex-direction: column; }
#bar { display: flex; gap: 1em; align-items: center; padding: 4px 8px; background: #333; }
#status { flex: 1; }
#screen { flex: 1; overflow: hidden; }
`

/** The pages the proxy serves itself, by URL path. */
export const PAGES: Readonly<Record<string, Page>> = {
  '/vnc.html': { contentType: 'text/html; charset=utf-8', body: VNC_HTML },
  '/console/vnc.js': { contentType: 'text/javascript; charset=utf-8', body: VNC_JS },
  '/console/console.css': { contentType: 'text/css; charset=utf-8', body: CONSOLE_CSS },
}
