/**
 * 007: the tamper-evident audit chain. Never edit after landing.
 * - `audit_log.seq`: the entry's 1-based position in its org's chain (the order verify walks;
 *   timestamps can tie); `prev_hash`: the previous entry's hash (or the genesis value);
 *   `hash`: SHA-256 over the entry's canonical form and `prev_hash` (audit-chain-hash.ts).
 *   Nullable in the schema only because SQLite cannot add a NOT NULL column without a default;
 *   every entry written since has all three, and verify reports a row without them as unchained.
 * - `audit_chain_heads`: one row per org with its last seq and hash. Appends lock it (the upsert
 *   in appendAuditEntry), which serialises them per org on every engine, and verify compares
 *   the walk's end with it, so deleting the newest entries is detected too.
 * - Backfill: existing entries are chained per org in (at, id) order, paged, so installations
 *   from before this migration verify.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../audit-chain-hash.js'

const PAGE = 1000

interface OldRow {
  id: string
  org_id: string
  actor_email: string
  action: string
  target_type: string
  target_id: string | null
  changes_json: string
  at: number
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute()
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute()
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('org_id', 'text', (col) => col.primaryKey().references('orgs.id'))
    .addColumn('last_seq', 'bigint', (col) => col.notNull())
    .addColumn('last_hash', 'text', (col) => col.notNull())
    .execute()

  const orgs = await sql<{ org_id: string }>`select distinct org_id from audit_log order by org_id`.execute(
    db,
  )
  for (const { org_id: orgId } of orgs.rows) await backfillOrg(db, orgId)

  await db.schema
    .createIndex('audit_log_org_id_seq_idx')
    .on('audit_log')
    .columns(['org_id', 'seq'])
    .unique()
    .execute()
}

async function backfillOrg(db: Kysely<unknown>, orgId: string): Promise<void> {
  let seq = 0
  let prevHash = AUDIT_GENESIS_HASH
  let after: { at: number; id: string } | null = null
  for (;;) {
    const bound: RawBuilder<unknown> =
      after === null ? sql`` : sql`and (at > ${after.at} or (at = ${after.at} and id > ${after.id}))`
    const { rows } =
      await sql<OldRow>`select id, org_id, actor_email, action, target_type, target_id, changes_json, at
      from audit_log where org_id = ${orgId} ${bound} order by at, id limit ${PAGE}`.execute(db)
    for (const row of rows) {
      seq += 1
      const hash = hashAuditEntry(
        {
          seq,
          id: row.id,
          orgId: row.org_id,
          at: Number(row.at),
          actorEmail: row.actor_email,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          changes: JSON.parse(row.changes_json),
        },
        prevHash,
      )
      await sql`update audit_log set seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`.execute(
        db,
      )
      prevHash = hash
    }
    const last: OldRow | undefined = rows.at(-1)
    if (last === undefined || rows.length < PAGE) break
    after = { at: Number(last.at), id: last.id }
  }
  if (seq > 0) {
    await sql`insert into audit_chain_heads (org_id, last_seq, last_hash) values (${orgId}, ${seq}, ${prevHash})`.execute(
      db,
    )
  }
}
