/**
 * 005: cheaper delivery claims. Never edit after landing.
 * - `deliveries.target`: the target (generic, slack, teams) a delivery's body was fixed for at its
 *   first claim. A generic delivery's body is its event's envelope, which never changes, so it is
 *   no longer copied into `body` (that copy made every first claim rewrite the row with ~2 KB
 *   more); `body` now holds only formatted (slack/teams) bodies. Rows claimed before this
 *   migration keep the body they have and a null target.
 * - A leased row's `next_attempt_at` is now its lease end (see claim-deliveries.ts), so the claim
 *   query's index scan never walks rows in flight: rows leased by an older worker get the same,
 *   and are found again exactly when their lease runs out, as before.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('target', 'text').execute()
  await sql`update deliveries set next_attempt_at = locked_until
    where status = 'pending' and locked_until is not null and locked_until > next_attempt_at`.execute(db)
}
