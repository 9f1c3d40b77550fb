/**
 * 004: org webhooks, their deliveries (the outbox fan-out: one row per event × subscribed
 * webhook) and every delivery attempt. Same portable types as 001. Never edit after landing.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    // JSON array of event names, or ["*"].
    .addColumn('events_json', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('disabled_reason', 'text')
    // The signing secret, AES-256-GCM under the master key (never stored in clear).
    .addColumn('secret_encrypted', 'text', (col) => col.notNull())
    .addColumn('secret_preview', 'text', (col) => col.notNull())
    // After a rotation, the old secret still signs the Standard Webhooks header until this time.
    .addColumn('previous_secret_encrypted', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    // Start of the current run of failures with no success; null while healthy.
    .addColumn('failing_since', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('deleted_at', 'bigint')
    .addCheckConstraint('webhooks_target_check', sql`target in ('generic', 'slack', 'teams')`)
    .execute()
  await db.schema.createIndex('webhooks_org_id_idx').on('webhooks').columns(['org_id', 'id']).execute()

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('webhook_id', 'text', (col) => col.notNull().references('webhooks.id'))
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id'))
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempt_count', 'integer', (col) => col.notNull())
    .addColumn('next_attempt_at', 'bigint')
    // Lease: a worker that claimed the row owns it until then; a killed worker's rows return.
    .addColumn('locked_until', 'bigint')
    .addColumn('locked_by', 'text')
    // The exact bytes sent (fixed at the first attempt, identical on every retry/redelivery).
    .addColumn('body', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error_class', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('completed_at', 'bigint')
    .addCheckConstraint(
      'deliveries_status_check',
      sql`status in ('pending', 'succeeded', 'failed', 'cancelled')`,
    )
    .execute()
  // The claim query: due pending rows in time order.
  await db.schema
    .createIndex('deliveries_due_idx')
    .on('deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('deliveries_webhook_idx')
    .on('deliveries')
    .columns(['webhook_id', 'id'])
    .execute()

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('delivery_id', 'text', (col) => col.notNull().references('deliveries.id'))
    .addColumn('org_id', 'text', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    // First 64 KiB of the response body.
    .addColumn('response_body', 'text')
    .addColumn('error_class', 'text')
    .addColumn('error_message', 'text')
    .execute()
  await db.schema
    .createIndex('delivery_attempts_delivery_idx')
    .on('delivery_attempts')
    .columns(['delivery_id', 'number'])
    .execute()
}
