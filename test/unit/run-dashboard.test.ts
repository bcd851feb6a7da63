// Which command lines bin/run.js opens the dashboard for without oclif: only
// plain ones; everything else goes to oclif, whose parse and errors stand.
import { describe, expect, it } from 'vitest'
import { plainDashboardArgs } from '../../src/cli/run-dashboard.js'

describe('plainDashboardArgs', () => {
  it('takes dashboard and dash, --view in both spellings, and --debug', () => {
    expect(plainDashboardArgs(['dashboard'])).toEqual({ view: 'servers', debug: false })
    expect(plainDashboardArgs(['dash', '--view', 'hosts'])).toEqual({ view: 'hosts', debug: false })
    expect(plainDashboardArgs(['dashboard', '--debug', '--view=events'])).toEqual({ view: 'events', debug: true })
  })

  it('leaves to oclif help, unknown or bad flags and values, and other commands', () => {
    for (const argv of [
      ['dashboard', '--help'],
      ['dashboard', '-h'],
      ['dashboard', '--view'],
      ['dashboard', '--view', 'bogus'],
      ['dashboard', '--view=Servers'],
      ['dashboard', '--vie', 'hosts'],
      ['dashboard', 'extra'],
      ['dashboard', '--', '--view', 'hosts'],
      ['demo'],
      ['server', 'list'],
      [],
    ]) expect(plainDashboardArgs(argv), argv.join(' ')).toBeUndefined()
  })
})
