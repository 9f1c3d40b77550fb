/**
 * 006: risk-exception renewals. Never edit after landing.
 * An approved exception carries at most one renewal at a time — the last one asked for — in the
 * `renewal_*` columns of its own row, so a decision on it and on the exception (revoke, expiry)
 * are conditional updates of ONE row and can never disagree. Earlier renewals are in the audit
 * log (`exception.renewal_*` entries). `renewal_status` is null until a renewal is first asked
 * for; the lifecycle lives in src/risk-exceptions/risk-exception-lifecycle.ts.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('risk_exceptions')
    .addColumn('renewal_status', 'text', (col) =>
      col.check(sql`renewal_status in ('pending', 'approved', 'rejected', 'closed')`),
    )
    .execute()
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  for (const [name, type] of [
    // Names the renewal a decision read, so a decision never lands on a later request.
    ['renewal_id', 'text'],
    ['renewal_expires_at', 'bigint'],
    ['renewal_reason', 'text'],
    ['renewal_requested_by_email', 'text'],
    ['renewal_requested_at', 'bigint'],
    ['renewal_decided_by_email', 'text'],
    ['renewal_decided_at', 'bigint'],
    ['renewal_decision_reason', 'text'],
  ] as const) {
    await db.schema.alterTable('risk_exceptions').addColumn(name, type).execute()
  }
}
