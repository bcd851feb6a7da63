// Colours by meaning, not by name: a view says a cell is `bad` and the theme
// decides how that looks. With NO_COLOR (https://no-color.org) every tone is
// plain text and the cursor row stays visible through inverse video, which
// 16-colour and monochrome terminals all have. The colour names are the 16
// basic ANSI ones, so no terminal has to approximate a 256-colour value.

/** What a cell means, for its colour. */
export type Tone = 'ok' | 'warn' | 'bad' | 'busy' | 'dim' | 'accent'

/** How the dashboard draws tones. */
export interface Theme {
  color(tone: Tone | undefined): string | undefined
  /** Whether dim text is shown dim (off with NO_COLOR: some terminals drop dim text entirely). */
  dim: boolean
}

const COLORS: Record<Tone, string> = { ok: 'green', warn: 'yellow', bad: 'red', busy: 'cyan', dim: 'gray', accent: 'blue' }

/** The theme for an environment: colours unless NO_COLOR is set (to anything non-empty). */
export function themeFor(env: NodeJS.ProcessEnv): Theme {
  if (env.NO_COLOR) return { color: () => undefined, dim: false }
  return { color: (tone) => (tone ? COLORS[tone] : undefined), dim: true }
}
