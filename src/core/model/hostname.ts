// A guest's hostname from its display name, as Nova's sanitize_hostname makes it:
// what cloud-init sets inside the guest, so it must be a valid DNS label.

/** Lower case, spaces and underscores to hyphens, only [a-z0-9.-], no leading or trailing dot or hyphen, at most 63 characters. */
export function sanitizeHostname(name: string, uuid: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .slice(0, 63)
    .replace(/^[.-]+|[.-]+$/g, '')
  // Nova falls back to "Server-<uuid>" when nothing is left; lower case keeps it a valid label.
  return cleaned || `server-${uuid}`
}

/** Checks a hostname given with `--hostname`: one DNS label, or a name of labels, 63 characters at most. */
export function hostnameProblem(hostname: string): string | undefined {
  if (hostname.length > 63) return 'is longer than 63 characters'
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(hostname)) {
    return 'is not a valid hostname: letters, digits and hyphens, dot-separated labels, no leading or trailing hyphen'
  }
  return undefined
}
