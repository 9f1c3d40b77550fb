/**
 * 003: validations (stored results), idempotency keys, org settings, risk exceptions, the event
 * outbox and the audit log. Same portable types as 001. Never edit after landing.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('validations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('label', 'text')
    .addColumn('passed', 'integer', (col) => col.notNull())
    .addColumn('score', 'integer', (col) => col.notNull())
    .addColumn('enforcement_mode', 'text', (col) => col.notNull())
    .addColumn('policy_pack_slug', 'text', (col) => col.notNull())
    .addColumn('validated_at', 'bigint', (col) => col.notNull())
    .addColumn('submitted_by_email', 'text', (col) => col.notNull())
    .addColumn('content_sha256', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    // JSON: the severity summary and every finding (waived ones marked), as the API returns them.
    .addColumn('summary_json', 'text', (col) => col.notNull())
    .addColumn('findings_json', 'text', (col) => col.notNull())
    .addColumn('rule_errors_json', 'text', (col) => col.notNull())
    .execute()
  // Newest-first listing per org is the common query; ids are time-ordered UUID v7.
  await db.schema
    .createIndex('validations_org_id_id_idx')
    .on('validations')
    .columns(['org_id', 'id'])
    .execute()
  await db.schema
    .createIndex('validations_org_file_idx')
    .on('validations')
    .columns(['org_id', 'file_name', 'id'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('request_sha256', 'text', (col) => col.notNull())
    .addColumn('validation_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['org_id', 'key'])
    .execute()

  await db.schema
    .createTable('org_settings')
    .addColumn('org_id', 'text', (col) => col.primaryKey().references('orgs.id'))
    .addColumn('score_threshold', 'integer')
    .addColumn('exception_warning_days', 'integer', (col) => col.notNull())
    .addColumn('default_policy_pack', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('risk_exceptions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('rule_id', 'text', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('location', 'text')
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('requested_by_email', 'text', (col) => col.notNull())
    .addColumn('decided_by_email', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_reason', 'text')
    .addColumn('warned_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addCheckConstraint(
      'risk_exceptions_status_check',
      sql`status in ('requested', 'approved', 'rejected', 'revoked', 'expired')`,
    )
    .execute()
  await db.schema
    .createIndex('risk_exceptions_org_status_idx')
    .on('risk_exceptions')
    .columns(['org_id', 'status', 'expires_at'])
    .execute()
  // The expiry scan looks across orgs at approved rows by expiry.
  await db.schema
    .createIndex('risk_exceptions_status_expires_idx')
    .on('risk_exceptions')
    .columns(['status', 'expires_at'])
    .execute()

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'bigint', (col) => col.notNull())
    // The exact envelope {event, orgId, occurredAt, data} as JSON text: what webhooks deliver.
    .addColumn('envelope_json', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('events_org_id_id_idx').on('events').columns(['org_id', 'id']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('actor_email', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target_type', 'text', (col) => col.notNull())
    .addColumn('target_id', 'text')
    .addColumn('changes_json', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('audit_log_org_id_id_idx').on('audit_log').columns(['org_id', 'id']).execute()
}
