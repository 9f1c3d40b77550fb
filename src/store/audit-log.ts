/**
 * The audit log: every admin action (keys, settings, exception decisions, webhooks) with the
 * actor, the time and what changed. Written in the transaction of the action itself.
 */
import type { Kysely } from 'kysely'
import { newId } from '../domain/ids.js'
import { jsonFromDb, jsonToDb } from './codec.js'
import type { Database } from './database.js'

export interface AuditEntry {
  id: string
  orgId: string
  actorEmail: string
  /** Dotted verb, e.g. `api_key.created`, `org_settings.updated`, `exception.approved`. */
  action: string
  targetType: string
  targetId: string | null
  /** What changed: `{field: {from, to}}` or the created object's public fields. Never a secret. */
  changes: Record<string, unknown>
  at: number
}

export async function appendAuditEntry(
  db: Kysely<Database>,
  entry: Omit<AuditEntry, 'id'>,
): Promise<AuditEntry> {
  const id = newId()
  await db
    .insertInto('audit_log')
    .values({
      id,
      org_id: entry.orgId,
      actor_email: entry.actorEmail,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      changes_json: jsonToDb(entry.changes),
      at: entry.at,
    })
    .execute()
  return { id, ...entry }
}

export async function listAuditEntries(
  db: Kysely<Database>,
  query: { orgId: string; limit: number; beforeId?: string | undefined; action?: string | undefined },
): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll().where('org_id', '=', query.orgId)
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId)
  if (query.action !== undefined) select = select.where('action', '=', query.action)
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute()
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    changes: jsonFromDb<Record<string, unknown>>(row.changes_json),
    at: row.at,
  }))
}
