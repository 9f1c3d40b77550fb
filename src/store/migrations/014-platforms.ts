/**
 * 014: platforms (issue 16: Power Automate and Blue Prism beside UiPath). Never edit after landing.
 * - `org_settings.default_power_automate_pack`, `default_blue_prism_pack`: the org's default pack
 *   for each new platform; null = the built-in default (`power-automate-general`,
 *   `blue-prism-general`). `default_policy_pack` stays the UiPath default, as before.
 * - `validations (org_id, platform, id)`: `GET /api/v1/results?platform=` walks one platform's
 *   results newest first.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('org_settings').addColumn('default_power_automate_pack', 'text').execute()
  await db.schema.alterTable('org_settings').addColumn('default_blue_prism_pack', 'text').execute()
  await db.schema
    .createIndex('validations_org_platform_id')
    .on('validations')
    .columns(['org_id', 'platform', 'id'])
    .execute()
}
