/**
 * Revoking an API key: used by the API (`DELETE /api/v1/api-keys/{id}`) and the CLI
 * (`flowcerta key revoke`), so the LAST_ADMIN_KEY rule has one home. Runs inside the caller's
 * transaction, with the audit entry.
 */
import type { Kysely } from 'kysely'
import { AppError } from '../domain/errors/app-error.js'
import { type ApiKeySummary, countActiveAdminKeys, getApiKey, revokeApiKey } from '../store/api-keys.js'
import { appendAuditEntry } from '../store/audit-log.js'
import type { Database } from '../store/database.js'
import { lockOrg } from '../store/orgs.js'
import { deleteSessionsOfApiKey } from '../store/sessions.js'

export interface RevokeApiKeyInput {
  orgId: string
  keyId: string
  /** Who revokes it, for the audit log: a user's email, or `cli:<os user>` from the CLI. */
  actorEmail: string
  at: number
}

/**
 * Revokes the org's key and returns it as it was. NOT_FOUND when it is not the org's or already
 * revoked; LAST_ADMIN_KEY when it is the org's only active admin key (an org must keep a way to
 * manage itself). The org row is locked first, so two revocations of an org's last two admin
 * keys at once cannot both pass the check.
 */
export async function revokeOrgApiKey(
  trx: Kysely<Database>,
  input: RevokeApiKeyInput,
): Promise<ApiKeySummary> {
  const { orgId, keyId, at } = input
  if (!(await lockOrg(trx, orgId))) throw new AppError('NOT_FOUND')
  const key = await getApiKey(trx, orgId, keyId)
  if (key === null || key.revokedAt !== null) throw new AppError('NOT_FOUND')
  if (key.role === 'admin' && (await countActiveAdminKeys(trx, orgId)) <= 1) {
    throw new AppError('LAST_ADMIN_KEY')
  }
  await revokeApiKey(trx, orgId, keyId, at)
  // Its dashboard sessions end with it (authentication also re-checks the key on every request).
  await deleteSessionsOfApiKey(trx, orgId, keyId)
  await appendAuditEntry(trx, {
    orgId,
    actorEmail: input.actorEmail,
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: keyId,
    changes: { email: key.email, role: key.role, prefix: `fc_${key.prefix}` },
    at,
  })
  return key
}
