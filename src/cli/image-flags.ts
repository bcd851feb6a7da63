// The flags `image create` and `image set` share, as openstackclient spells
// them: one of --public/--private/--shared/--community, --protected or
// --unprotected, --min-disk, --min-ram, --property.
import { Flags } from '@oclif/core'
import { VISIBILITIES, type Visibility } from '../core/images/formats.js'

const others = (v: Visibility) => VISIBILITIES.filter((o) => o !== v)

/** The flags of Glance's image attributes a user may set. */
export const imageAttributeFlags = {
  community: Flags.boolean({ description: 'Visibility community: any project may boot it, it is not listed to them.', exclusive: others('community') }),
  'min-disk': Flags.integer({ description: 'Smallest root disk, in GB, a flavor needs to boot this image (min_disk).', min: 0 }),
  'min-ram': Flags.integer({ description: 'Smallest memory, in MB, a flavor needs to boot this image (min_ram).', min: 0 }),
  private: Flags.boolean({ description: 'Visibility private: only its own project.', exclusive: others('private') }),
  property: Flags.string({ description: 'KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true }),
  protected: Flags.boolean({ description: 'Protect the image from deletion.', exclusive: ['unprotected'] }),
  public: Flags.boolean({ description: 'Visibility public: every project.', exclusive: others('public') }),
  shared: Flags.boolean({ description: "Visibility shared (Glance's default): its project and the projects it is shared with.", exclusive: others('shared') }),
  unprotected: Flags.boolean({ description: 'Allow the image to be deleted.', exclusive: ['protected'] }),
}

/** What the visibility flags ask for, if any. */
export function visibilityOf(flags: Partial<Record<Visibility, boolean>>): Visibility | undefined {
  return VISIBILITIES.find((v) => flags[v])
}

/** What --protected/--unprotected ask for, if either. */
export function protectionOf(flags: { protected?: boolean; unprotected?: boolean }): boolean | undefined {
  if (flags.protected) return true
  if (flags.unprotected) return false
  return undefined
}
