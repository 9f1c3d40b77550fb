/**
 * 017: fewer index writes per delivery (issue 15 item 1). Never edit after landing.
 * - `deliveries_due_idx` becomes `(next_attempt_at) where status = 'pending'`, was
 *   `(status, next_attempt_at)` over every row: the claim reads only pending rows, and a finished
 *   row (most of the table) no longer gets an entry when it is settled — the index holds the
 *   backlog only, whatever the table's size.
 * - From this migration on a claim's lease writes only unindexed columns (`locked_until`,
 *   `locked_by`, `target`, `updated_at`; it no longer moves `next_attempt_at` to the lease end, see
 *   claim-deliveries.ts), so on PostgreSQL the lease can be a HOT update (no new entry in any of
 *   the table's four indexes) when the row's page has room for its new version: the table keeps
 *   30 % of each page free (`fillfactor = 70`; pages written from now on). SQLite has no such
 *   setting (and rewrites only the indexes whose columns change anyway).
 * On a large table the index build holds writes to `deliveries` for its duration (migrations run
 * in one transaction, so not `concurrently`); an operator may build it beforehand by hand.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_due_idx').execute()
  await db.schema
    .createIndex('deliveries_due_idx')
    .on('deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute()
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table deliveries set (fillfactor = 70)`.execute(db)
  }
}
