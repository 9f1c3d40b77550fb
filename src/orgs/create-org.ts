/**
 * Creating an org with its first admin and admin key, in one transaction: an org never exists
 * without someone able to administer it.
 */
import type { Kysely } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Database } from '../store/database.js'
import { insertOrg } from '../store/orgs.js'
import type { Store } from '../store/store.js'
import { type IssuedApiKey, issueApiKey } from './create-api-key.js'

export interface CreatedOrg {
  orgId: string
  name: string
  adminKey: IssuedApiKey
}

export interface CreateOrgInput {
  name: string
  adminEmail: string
  at: number
}

/** Creates the org, its admin user and an admin key inside a transaction the caller holds. */
export async function createOrgInTransaction(
  trx: Kysely<Database>,
  input: CreateOrgInput,
): Promise<CreatedOrg> {
  const orgId = newId()
  await insertOrg(trx, { id: orgId, name: input.name, createdAt: input.at })
  const adminKey = await issueApiKey(trx, {
    orgId,
    email: input.adminEmail,
    role: 'admin',
    name: 'initial admin key',
    at: input.at,
  })
  return { orgId, name: input.name, adminKey }
}

/** Creates the org, its admin user and an admin key in one transaction. */
export async function createOrg(store: Store, input: CreateOrgInput): Promise<CreatedOrg> {
  return store.transaction((trx) => createOrgInTransaction(trx, input))
}
