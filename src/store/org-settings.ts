/**
 * Org settings: score-threshold alert, risk-exception warning window, default policy pack per
 * platform. An org without a row has the defaults below; the first PATCH writes the row.
 * `defaultPolicyPack` is the UiPath default (as before platforms existed), always equal to
 * `defaultPolicyPacks.uipath`.
 */
import type { Kysely } from 'kysely'
import { DEFAULT_POLICY_PACK_SLUGS, type Platform } from '../domain/platforms.js'
import type { Database } from './database.js'

export interface OrgSettings {
  /** Scores under this fire validation.below_threshold; null = no alert. */
  scoreThreshold: number | null
  /** Days before expiresAt that exception.expiring_soon fires. */
  exceptionWarningDays: number
  /** The UiPath default pack (= defaultPolicyPacks.uipath). */
  defaultPolicyPack: string
  /** The pack a submission of each platform gets when it names none. */
  defaultPolicyPacks: Readonly<Record<Platform, string>>
  updatedAt: number | null
}

export const DEFAULT_ORG_SETTINGS = Object.freeze({
  scoreThreshold: null,
  exceptionWarningDays: 7,
  defaultPolicyPack: DEFAULT_POLICY_PACK_SLUGS.uipath,
  defaultPolicyPacks: DEFAULT_POLICY_PACK_SLUGS,
})

export async function getOrgSettings(db: Kysely<Database>, orgId: string): Promise<OrgSettings> {
  const row = await db.selectFrom('org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst()
  if (row === undefined) return { ...DEFAULT_ORG_SETTINGS, updatedAt: null }
  return {
    scoreThreshold: row.score_threshold,
    exceptionWarningDays: row.exception_warning_days,
    defaultPolicyPack: row.default_policy_pack,
    defaultPolicyPacks: {
      uipath: row.default_policy_pack,
      'power-automate': row.default_power_automate_pack ?? DEFAULT_POLICY_PACK_SLUGS['power-automate'],
      'blue-prism': row.default_blue_prism_pack ?? DEFAULT_POLICY_PACK_SLUGS['blue-prism'],
    },
    updatedAt: row.updated_at,
  }
}

/** Writes the whole settings row (insert or update). */
export async function saveOrgSettings(
  db: Kysely<Database>,
  orgId: string,
  settings: Omit<OrgSettings, 'updatedAt' | 'defaultPolicyPacks'> & {
    /** The other platforms' defaults; a platform left out gets its built-in default. */
    readonly defaultPolicyPacks?: Partial<Readonly<Record<Platform, string>>>
  },
  at: number,
): Promise<OrgSettings> {
  const defaultPolicyPacks: Record<Platform, string> = {
    ...DEFAULT_POLICY_PACK_SLUGS,
    ...settings.defaultPolicyPacks,
    uipath: settings.defaultPolicyPack,
  }
  const values = {
    score_threshold: settings.scoreThreshold,
    exception_warning_days: settings.exceptionWarningDays,
    default_policy_pack: settings.defaultPolicyPack,
    default_power_automate_pack: defaultPolicyPacks['power-automate'],
    default_blue_prism_pack: defaultPolicyPacks['blue-prism'],
    updated_at: at,
  }
  await db
    .insertInto('org_settings')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
  return { ...settings, defaultPolicyPacks, updatedAt: at }
}
