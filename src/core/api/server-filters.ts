// `server list` filters with openstack's meaning: --status, --host, --name
// (a regular expression, as Nova matches names), --flavor and --image (name or ID).
import { UserError } from '../errors.js'
import { serverStatus } from '../model/lifecycle.js'
import { findOne } from '../model/names.js'
import type { Server, State } from '../store/schema.js'

/** What `server list` can filter on. */
export interface ServerFilters {
  status?: string
  host?: string
  name?: string
  flavor?: string
  image?: string
}

/** The servers that pass every filter given. */
export function filterServers(state: State, servers: Server[], filters: ServerFilters): Server[] {
  let pattern: RegExp | undefined
  if (filters.name !== undefined) {
    try {
      pattern = new RegExp(filters.name)
    } catch (err) {
      throw new UserError(`--name ${JSON.stringify(filters.name)} is not a regular expression: ${(err as Error).message}`, { hint: 'e.g. --name "^web-"' })
    }
  }
  const status = filters.status?.toUpperCase()
  const hostId = filters.host === undefined ? undefined : findOne('host', state.hosts, filters.host).id
  const imageId = filters.image === undefined ? undefined : findOne('image', state.images, filters.image).id
  return servers.filter(
    (s) =>
      (status === undefined || serverStatus(s) === status) &&
      (hostId === undefined || s.host === hostId) &&
      (pattern === undefined || pattern.test(s.name)) &&
      (filters.flavor === undefined || s.flavor.name === filters.flavor || s.flavor.id === filters.flavor) &&
      (imageId === undefined || s.imageId === imageId),
  )
}
