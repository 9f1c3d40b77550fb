/**
 * 015: retention (issue 15) and schedulers that may run several at once. Never edit after landing.
 * - `deliveries (event_id)`: an event is pruned only when none of its deliveries is left (and
 *   PostgreSQL checks the foreign key deliveries.event_id → events.id on each event deleted);
 *   without it both are a scan of every delivery per event.
 * - `idempotency_keys (created_at)`, `rule_failure_days (day)`: the prune predicates, across orgs
 *   (their primary keys start with org_id).
 *   Deliveries, events and results are pruned by walking the primary key (UUID v7 ids sort by
 *   creation time, and a row finished before the cut-off was created before it), so they need no
 *   time index: none is added to the busiest table's write path.
 * - `job_leases`: one row per scheduled job. A scheduler runs a job only after its conditional
 *   update took the row's lease (`locked_until` in the past, `next_run_at` due), so several
 *   scheduler processes run each fire time of each job once in all (src/store/job-leases.ts).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('deliveries_event_idx').on('deliveries').column('event_id').execute()
  await db.schema
    .createIndex('idempotency_keys_created_at_idx')
    .on('idempotency_keys')
    .column('created_at')
    .execute()
  await db.schema.createIndex('rule_failure_days_day_idx').on('rule_failure_days').column('day').execute()

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    // The next time the job is due (epoch ms), from its schedule.
    .addColumn('next_run_at', 'bigint', (col) => col.notNull())
    // The process running it now and until when its lease holds (renewed while it runs).
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_finished_at', 'bigint')
    // What the last run reported (counts), as JSON.
    .addColumn('last_report_json', 'text')
    .execute()
}
