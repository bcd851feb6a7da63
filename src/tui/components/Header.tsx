// The header: which home, how many hosts are up, the cloud's vCPU/RAM/disk
// used of capacity as bars, tasks at work, and how fresh the picture is.
import { homedir } from 'node:os'
import { Box, Text } from 'ink'
import { age, bar, gib, usageTone } from '../format.js'
import { cloudSummary } from '../summary.js'
import type { Snapshot } from '../views/view.js'
import { useDashboard } from '../context.js'

/** The two header lines. */
export function Header({ snapshot, width, now, conducting }: { snapshot: Snapshot | null; width: number; now: number; conducting: boolean }) {
  const { home, theme } = useDashboard()
  const where = home.startsWith(homedir()) ? `~${home.slice(homedir().length)}` : home
  if (!snapshot) {
    return (
      <Box flexDirection="column" height={2}>
        <Text wrap="truncate">
          <Text bold>homenova</Text> {where} reading the store...
        </Text>
        <Text> </Text>
      </Box>
    )
  }
  const s = cloudSummary(snapshot.state)
  const barWidth = Math.max(4, Math.min(16, Math.floor((width - 60) / 3)))
  const usage = (label: string, used: number, cap: number, unit: (n: number) => string = String, suffix = '') => (
    <Text>
      {label} <Text color={theme.color(usageTone(used, cap))}>{bar(used, cap, barWidth)}</Text> {unit(used)}/{unit(cap)}
      {suffix}
      {'  '}
    </Text>
  )
  // The store itself is always current (the watch); what ages is what the hosts last said.
  const synced = s.syncedAt ? `synced ${age(s.syncedAt, now)} ago` : 'never synced'
  const facts = `  hosts ${s.hostsUp}/${s.hosts} up  ${s.servers} servers${s.serversInError > 0 ? ` (${s.serversInError} ERROR)` : ''}  tasks ${s.tasksRunning} running ${s.tasksQueued} queued${conducting ? '*' : ''}  ${synced}`
  // The home gives way first (cut at its start, where paths are least telling).
  const room = width - 'homenova '.length - facts.length
  const shown = where.length <= room ? where : room > 1 ? `…${where.slice(where.length - room + 1)}` : ''
  return (
    <Box flexDirection="column" height={2}>
      <Text wrap="truncate">
        <Text bold>homenova</Text> {shown}
        {'  '}hosts <Text color={theme.color(s.hostsUp < s.hosts ? 'bad' : 'ok')}>{s.hostsUp}/{s.hosts}</Text> up{'  '}
        {s.servers} servers
        {s.serversInError > 0 ? <Text color={theme.color('bad')}> ({s.serversInError} ERROR)</Text> : null}
        {'  '}tasks <Text color={theme.color(s.tasksRunning > 0 ? 'busy' : undefined)}>{s.tasksRunning} running</Text> {s.tasksQueued} queued{conducting ? '*' : ''}
        {'  '}
        <Text color={theme.color('dim')}>{synced}</Text>
      </Text>
      <Text wrap="truncate">
        {usage('vCPU', s.used.VCPU, s.capacity.VCPU)}
        {usage('RAM', s.used.MEMORY_MB, s.capacity.MEMORY_MB, gib, ' GiB')}
        {usage('Disk', s.used.DISK_GB, s.capacity.DISK_GB, String, ' GB')}
      </Text>
    </Box>
  )
}
