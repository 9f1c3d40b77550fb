/**
 * First run: on a database with no org, create the org `default` with an admin key so that
 * `npm start` on a laptop is usable at once. The claim on the `first_org_created` instance flag
 * commits with the org, so two processes starting together on PostgreSQL create one org, and a
 * later start (or a database whose orgs were made with the CLI) creates nothing.
 */
import { claimInstanceFlag } from '../store/instance-flags.js'
import { countOrgs } from '../store/orgs.js'
import type { Store } from '../store/store.js'
import { type CreatedOrg, createOrgInTransaction } from './create-org.js'

export const DEFAULT_ORG_NAME = 'default'
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost'

/** Returns the created org with its admin key, or null when there was nothing to do. */
export async function bootstrapFirstOrg(store: Store, at: number): Promise<CreatedOrg | null> {
  if ((await countOrgs(store.db)) > 0) return null
  try {
    return await store.transaction(async (trx) => {
      if (!(await claimInstanceFlag(trx, 'first_org_created', at))) return null
      if ((await countOrgs(trx)) > 0) return null
      return createOrgInTransaction(trx, { name: DEFAULT_ORG_NAME, adminEmail: DEFAULT_ADMIN_EMAIL, at })
    })
  } catch (error) {
    // Another process claimed the flag at the same moment: it created the org.
    if ((await countOrgs(store.db)) > 0) return null
    throw error
  }
}
