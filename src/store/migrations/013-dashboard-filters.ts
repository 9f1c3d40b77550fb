/**
 * 013: the dashboard's filters, each on an index (issue 13: "add the API first"). Never edit
 * after landing.
 * - `risk_exceptions (org_id, renewal_status, id)`: `GET /api/v1/exceptions?renewal=pending` (the
 *   approval queue's renewals) walks the org's exceptions in that renewal state newest first,
 *   instead of the page reading every approved exception and filtering in the browser.
 * - `audit_log (org_id, actor_email, id)`: `GET /api/v1/audit-log?actor=` walks one actor's
 *   entries newest first (the export filters the same rows and orders them by seq).
 * The projects list's previous score needs no index of its own: it reads the project's
 * validation before the latest on `validations_org_project_id` (migration 008).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('risk_exceptions_org_renewal_id')
    .on('risk_exceptions')
    .columns(['org_id', 'renewal_status', 'id'])
    .execute()
  await db.schema
    .createIndex('audit_log_org_actor_id')
    .on('audit_log')
    .columns(['org_id', 'actor_email', 'id'])
    .execute()
}
