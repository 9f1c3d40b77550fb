/**
 * 009: risk exceptions that target a finding's fingerprint. Never edit after landing.
 * - `risk_exceptions.fingerprint`: when set, the exception waives the finding with this rule and
 *   this fingerprint (src/analysis/finding-fingerprint.ts) wherever its line moves, and stops
 *   waiving when the offending content changes; `location` is then only what the requester saw.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('risk_exceptions').addColumn('fingerprint', 'text').execute()
}
