// noVNC served from its npm package: its ES modules load in the browser as they
// are (no bundling), as long as /novnc/ maps onto the package directory, since
// core/ imports ../vendor/pako/... by relative path.
import { readFile } from 'node:fs/promises'
import { dirname, extname, isAbsolute, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from './pages.js'

/** Where Debian's spice-html5 package installs the SPICE client (`apt-get install spice-html5`). */
export const SPICE_HTML5_DIR = '/usr/share/spice-html5'

// spice_auto.html keeps its scripts inline; everything else stays 'self'.
const SPICE_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'"
const SPICE_TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' }

/** The directory of the installed @novnc/novnc package. */
export function novncRoot(): string {
  // The package exports only core/rfb.js, which sits one level below its root.
  return dirname(dirname(fileURLToPath(import.meta.resolve('@novnc/novnc'))))
}

/**
 * The noVNC file for a URL path under /novnc/, or undefined: only .js files
 * under core/ and vendor/ are served, and nothing outside the package, however
 * the path is spelled.
 */
export async function novncFile(root: string, urlPath: string): Promise<Page | undefined> {
  if (!urlPath.startsWith('/novnc/')) return undefined
  let rel: string
  try {
    rel = normalize(decodeURIComponent(urlPath.slice('/novnc/'.length)))
  } catch {
    return undefined
  }
  if (!/^(core|vendor)[/\\]/.test(rel) || rel.split(sep).includes('..') || !rel.endsWith('.js')) return undefined
  try {
    return { contentType: 'text/javascript; charset=utf-8', body: await readFile(join(root, rel), 'utf8') }
  } catch {
    return undefined
  }
}

/**
 * A spice-html5 file for a URL path under /spice-html5/ (Debian's package, as
 * nova-spicehtml5proxy serves it), or undefined: .js, .html and .css files of
 * that directory only.
 */
export async function spiceFile(root: string, urlPath: string): Promise<Page | undefined> {
  if (!urlPath.startsWith('/spice-html5/')) return undefined
  let rel: string
  try {
    rel = normalize(decodeURIComponent(urlPath.slice('/spice-html5/'.length)))
  } catch {
    return undefined
  }
  const type = SPICE_TYPES[extname(rel)]
  if (!type || rel.startsWith('..') || rel.split(sep).includes('..') || isAbsolute(rel)) return undefined
  try {
    return { contentType: type, body: await readFile(join(root, rel), 'utf8'), csp: SPICE_CSP }
  } catch {
    return undefined
  }
}
