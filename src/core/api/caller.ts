// Who is calling a core API: the seam where projects, roles and quotas plug in.
// Until identity exists every face calls as the local admin.
import { DEFAULT_PROJECT, DEFAULT_USER } from '../store/constants.js'

/** The caller of an API method (Nova's RequestContext, reduced). */
export interface Caller {
  projectId: string
  userId: string
  roles: readonly string[]
}

/** The operator at this machine: admin of the default project. */
export const LOCAL_ADMIN: Caller = { projectId: DEFAULT_PROJECT, userId: DEFAULT_USER, roles: ['admin', 'member', 'reader'] }
