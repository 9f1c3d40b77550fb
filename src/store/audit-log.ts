/**
 * The audit log: every admin action (keys, settings, exception decisions, webhooks) with the
 * actor, the time and what changed. Written in the transaction of the action itself.
 *
 * Each org's entries form a hash chain (audit-chain-hash.ts holds the canonical form): entry
 * `seq` n carries `prevHash` = the hash of entry n − 1 (the genesis value for n = 1) and its own
 * `hash`. Appends are serialised per org by the org's row in `audit_chain_heads`: the append's
 * first statement is an upsert of that row, and a write takes the row's lock until the caller's
 * transaction ends — on PostgreSQL other appenders of the same org (in any process) wait there
 * and then read the committed head; SQLite's `BEGIN IMMEDIATE` already holds the one write lock.
 * So no engine branch is needed, and other orgs never wait. Verify is audit-chain-verify.ts.
 */
import { type Kysely, sql } from 'kysely'
import { newId } from '../domain/ids.js'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './audit-chain-hash.js'
import { jsonFromDb, jsonToDb } from './codec.js'
import type { AuditLogTable, Database } from './database.js'

/** What a caller records; the id and the chain fields are assigned by `appendAuditEntry`. */
export interface NewAuditEntry {
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

export interface AuditEntry extends NewAuditEntry {
  id: string
  /** 1-based position in the org's chain; null only on a row written around `appendAuditEntry`. */
  seq: number | null
  /** The previous entry's `hash`, or `AUDIT_GENESIS_HASH` for the org's first entry. */
  prevHash: string | null
  /** SHA-256 (hex) over this entry's canonical form and `prevHash`. */
  hash: string | null
}

/**
 * Appends an entry to its org's chain. Call it with the `trx` of the action's transaction; given
 * a non-transaction handle it opens its own, because the head upsert, the insert and the head
 * update must commit together. The head row stays locked until that transaction ends, so append
 * late in a transaction that does slow work.
 */
export async function appendAuditEntry(db: Kysely<Database>, entry: NewAuditEntry): Promise<AuditEntry> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEntry(trx, entry))
  const id = newId()
  const changesJson = jsonToDb(entry.changes)
  const head = await db
    .insertInto('audit_chain_heads')
    .values({ org_id: entry.orgId, last_seq: 1, last_hash: AUDIT_GENESIS_HASH })
    .onConflict((conflict) =>
      conflict.column('org_id').doUpdateSet({ last_seq: sql<number>`audit_chain_heads.last_seq + 1` }),
    )
    // last_hash is not updated here, so RETURNING gives the previous entry's hash.
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow()
  const seq = Number(head.last_seq)
  const prevHash = head.last_hash
  // Hash the changes as verify will read them back: parsed from the stored text.
  const hash = hashAuditEntry({ ...entry, seq, id, changes: jsonFromDb(changesJson) }, prevHash)
  await db
    .insertInto('audit_log')
    .values({
      id,
      org_id: entry.orgId,
      actor_email: entry.actorEmail,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      changes_json: changesJson,
      at: entry.at,
      seq,
      prev_hash: prevHash,
      hash,
    })
    .execute()
  await db
    .updateTable('audit_chain_heads')
    .set({ last_hash: hash })
    .where('org_id', '=', entry.orgId)
    .execute()
  return { id, ...entry, seq, prevHash, hash }
}

/** A stored row as the domain object. */
export function auditEntryFromRow(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    changes: jsonFromDb<Record<string, unknown>>(row.changes_json),
    at: Number(row.at),
    seq: row.seq === null ? null : Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** What both readers (the JSON list and the export) filter on; always within one org. */
export interface AuditEntryFilter {
  orgId: string
  /** Only entries older than this entry id (the list's cursor). */
  beforeId?: string | undefined
  action?: string | undefined
  /** Only entries by this actor (email, exact). */
  actorEmail?: string | undefined
  /** Only entries at or after this time (epoch ms). */
  since?: number | undefined
  /** Only entries before this time (epoch ms). */
  until?: number | undefined
}

function filtered(db: Kysely<Database>, filter: AuditEntryFilter) {
  let select = db.selectFrom('audit_log').selectAll().where('org_id', '=', filter.orgId)
  if (filter.beforeId !== undefined) select = select.where('id', '<', filter.beforeId)
  if (filter.action !== undefined) select = select.where('action', '=', filter.action)
  if (filter.actorEmail !== undefined) select = select.where('actor_email', '=', filter.actorEmail)
  if (filter.since !== undefined) select = select.where('at', '>=', filter.since)
  if (filter.until !== undefined) select = select.where('at', '<', filter.until)
  return select
}

/** One page of the org's entries, newest first (by id). */
export async function listAuditEntries(
  db: Kysely<Database>,
  query: AuditEntryFilter & { limit: number },
): Promise<AuditEntry[]> {
  const rows = await filtered(db, query).orderBy('id', 'desc').limit(query.limit).execute()
  return rows.map(auditEntryFromRow)
}

/**
 * Every chained row matching `filter`, in chain order (seq ascending), fetched `pageSize` rows at
 * a time so memory stays bounded however long the log is. Stops at `upToSeq` when given. Rows
 * without a seq are not on the chain and not yielded (verify reports them). Raw rows, so that
 * verify can report a row that does not even parse instead of failing on it.
 */
export async function* iterateAuditChainRows(
  db: Kysely<Database>,
  filter: AuditEntryFilter & { upToSeq?: number; pageSize?: number },
): AsyncGenerator<AuditLogTable> {
  const pageSize = filter.pageSize ?? 500
  let afterSeq = 0
  for (;;) {
    let select = filtered(db, filter).where('seq', '>', afterSeq)
    if (filter.upToSeq !== undefined) select = select.where('seq', '<=', filter.upToSeq)
    const rows = await select.orderBy('seq', 'asc').limit(pageSize).execute()
    yield* rows
    const last = rows.at(-1)
    if (last === undefined || rows.length < pageSize) return
    afterSeq = Number(last.seq)
  }
}

/** `iterateAuditChainRows` as domain objects (the export). */
export async function* iterateAuditChain(
  db: Kysely<Database>,
  filter: AuditEntryFilter & { upToSeq?: number; pageSize?: number },
): AsyncGenerator<AuditEntry> {
  for await (const row of iterateAuditChainRows(db, filter)) yield auditEntryFromRow(row)
}
