/**
 * Org settings: score-threshold alert, risk-exception warning window, default policy pack.
 * An org without a row has the defaults below; the first PATCH writes the row.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

export interface OrgSettings {
  /** Scores under this fire validation.below_threshold; null = no alert. */
  scoreThreshold: number | null
  /** Days before expiresAt that exception.expiring_soon fires. */
  exceptionWarningDays: number
  defaultPolicyPack: string
  updatedAt: number | null
}

export const DEFAULT_ORG_SETTINGS = Object.freeze({
  scoreThreshold: null,
  exceptionWarningDays: 7,
  defaultPolicyPack: 'uipath-reframework-baseline',
})

export async function getOrgSettings(db: Kysely<Database>, orgId: string): Promise<OrgSettings> {
  const row = await db.selectFrom('org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst()
  if (row === undefined) return { ...DEFAULT_ORG_SETTINGS, updatedAt: null }
  return {
    scoreThreshold: row.score_threshold,
    exceptionWarningDays: row.exception_warning_days,
    defaultPolicyPack: row.default_policy_pack,
    updatedAt: row.updated_at,
  }
}

/** Writes the whole settings row (insert or update). */
export async function saveOrgSettings(
  db: Kysely<Database>,
  orgId: string,
  settings: Omit<OrgSettings, 'updatedAt'>,
  at: number,
): Promise<OrgSettings> {
  const values = {
    score_threshold: settings.scoreThreshold,
    exception_warning_days: settings.exceptionWarningDays,
    default_policy_pack: settings.defaultPolicyPack,
    updated_at: at,
  }
  await db
    .insertInto('org_settings')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
  return { ...settings, updatedAt: at }
}
