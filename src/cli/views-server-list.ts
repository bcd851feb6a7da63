// The columns of `server list`, in openstackclient's names and order: its
// default set, what --long adds, and the extras it (and homenova) let -c name.
import { Formatted, type Cell, type ListOutput } from './output.js'
import { networksText, type ServerView } from './views.js'

/** Every column `server list` can show, in the order they print. */
export const SERVER_COLUMNS = [
  'ID',
  'Name',
  'Status',
  'Task State',
  'Power State',
  'Networks',
  'Image',
  'Image Name',
  'Image ID',
  'Flavor',
  'Flavor Name',
  'Flavor ID',
  'Availability Zone',
  'Host',
  'Properties',
  'Project ID',
  'User ID',
  'Created At',
  'Key Name',
  'Locked',
] as const

/** openstack server list's default columns. */
export const SERVER_DEFAULT: readonly string[] = ['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor']

/** The columns of `openstack server list --long` (before microversion 2.47, which still has flavor IDs). */
export const SERVER_LONG: readonly string[] = ['ID', 'Name', 'Status', 'Task State', 'Power State', 'Networks', 'Image Name', 'Image ID', 'Flavor Name', 'Flavor ID', 'Availability Zone', 'Host', 'Properties']

/** Properties as openstack prints a dict: `k='v', k2='v2'`. */
export function propertiesText(properties: Record<string, string>): string {
  return Object.entries(properties).map(([k, v]) => `${k}='${v}'`).join(', ')
}

/** One server's cells, one per SERVER_COLUMNS. */
export function serverCells(v: ServerView): Cell[] {
  const cells: Record<(typeof SERVER_COLUMNS)[number], Cell> = {
    ID: v.id,
    Name: v.name,
    Status: v.status,
    'Task State': v.task_state,
    'Power State': v.power_state,
    // As openstack's AddressesColumn: text for people, {network: [addresses]} for json and yaml.
    Networks: new Formatted(networksText(v.addresses), Object.fromEntries(Object.entries(v.addresses).map(([net, list]) => [net, list.map((a) => a.addr)]))),
    Image: v.image.name ?? v.image.id,
    'Image Name': v.image.name,
    'Image ID': v.image.id,
    Flavor: v.flavor.name,
    'Flavor Name': v.flavor.name,
    'Flavor ID': v.flavor.id,
    'Availability Zone': v.availability_zone,
    Host: v.host,
    Properties: new Formatted(propertiesText(v.properties), v.properties),
    'Project ID': v.project_id,
    'User ID': v.user_id,
    'Created At': v.created,
    'Key Name': v.key_name,
    Locked: v.locked,
  }
  return SERVER_COLUMNS.map((c) => cells[c])
}

/** What `server list` prints: openstack's default columns, or --long's. */
export function serverList(views: readonly ServerView[], long = false): ListOutput {
  return { columns: SERVER_COLUMNS, rows: views.map(serverCells), shown: long ? SERVER_LONG : SERVER_DEFAULT }
}
