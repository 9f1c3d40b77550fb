/**
 * Verifies one org's audit chain and reports the first broken link. Reads only that org's rows.
 *
 * The walk: read the org's head (`audit_chain_heads`) first, then the entries with seq up to the
 * head's, in seq order, a page at a time (bounded memory). Entries appended while the walk runs
 * have a larger seq and are left for the next verify, so a busy org never reports a false break.
 * For the entry at position p (1-based) the walk checks, in this order:
 *   1. `link`:    its prev_hash equals the previous entry's hash (genesis for p = 1) — catches a
 *                 deleted, inserted or reordered entry;
 *   2. `sequence`: its seq equals p — a gap the links alone cannot show (a row deleted together
 *                 with the link re-pointed would still fail 3, but this names the cause);
 *   3. `content`: its hash equals the hash recomputed from its fields — catches any edited field.
 * After the walk, `head`: the last entry's seq and hash equal the head's (catches deleting the
 * newest entries) and no entry lies past the head (one added around the append), and
 * `unchained`: no row of the org lacks chain fields.
 *
 * Limits: this detects edits made by anyone who cannot also recompute every later hash and the
 * head; someone with write access to the database and this code can rewrite the whole chain.
 * Auditors who keep the reported `headHash` can detect that too (it will no longer match).
 */
import type { Kysely } from 'kysely'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './audit-chain-hash.js'
import { auditEntryFromRow, iterateAuditChainRows } from './audit-log.js'
import type { AuditLogTable, Database } from './database.js'

export const AUDIT_CHAIN_BREAKS = Object.freeze(['link', 'sequence', 'content', 'head', 'unchained'] as const)
export type AuditChainBreakReason = (typeof AUDIT_CHAIN_BREAKS)[number]

export interface AuditChainBreak {
  reason: AuditChainBreakReason
  /** The entry where the chain breaks; null when entries are missing after the last one walked. */
  entryId: string | null
  /** 1-based position in the walk where the break was found (null for an unchained row). */
  position: number | null
  /**
   * What the chain says the value should be, and what was found (hashes, or seqs for `sequence`).
   * `expected` is null for a `content` break whose fields cannot be read (e.g. changes not JSON).
   */
  expected: string | null
  found: string | null
}

export type AuditChainVerification =
  | { orgId: string; status: 'intact'; count: number; headHash: string }
  | { orgId: string; status: 'broken'; checked: number; break: AuditChainBreak }

export async function verifyAuditChain(
  db: Kysely<Database>,
  orgId: string,
  options: { pageSize?: number } = {},
): Promise<AuditChainVerification> {
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['last_seq', 'last_hash'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  const headSeq = head === undefined ? 0 : Number(head.last_seq)
  const headHash = head?.last_hash ?? AUDIT_GENESIS_HASH
  const broken = (checked: number, found: AuditChainBreak): AuditChainVerification => ({
    orgId,
    status: 'broken',
    checked,
    break: found,
  })

  let position = 0
  let prevHash = AUDIT_GENESIS_HASH
  let lastId: string | null = null
  const rows = iterateAuditChainRows(db, { orgId, upToSeq: headSeq, ...options })
  for await (const row of rows) {
    position += 1
    const at = { entryId: row.id, position }
    if (row.prev_hash !== prevHash) {
      return broken(position - 1, { reason: 'link', ...at, expected: prevHash, found: row.prev_hash })
    }
    if (Number(row.seq) !== position) {
      return broken(position - 1, {
        reason: 'sequence',
        ...at,
        expected: String(position),
        found: String(row.seq),
      })
    }
    const recomputed = recomputeHash(row, prevHash)
    if (recomputed === null || row.hash !== recomputed) {
      return broken(position - 1, { reason: 'content', ...at, expected: recomputed, found: row.hash })
    }
    prevHash = recomputed
    lastId = row.id
  }
  if (position !== headSeq || prevHash !== headHash) {
    return broken(position, {
      reason: 'head',
      entryId: position === headSeq ? lastId : null,
      position: position + 1,
      expected: headHash,
      found: prevHash,
    })
  }
  const beyond = await entryBeyondHead(db, orgId, headSeq)
  if (beyond !== null) return broken(position, beyond)
  const unchained = await db
    .selectFrom('audit_log')
    .select('id')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null), eb('prev_hash', 'is', null)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  if (unchained !== undefined) {
    return broken(position, {
      reason: 'unchained',
      entryId: unchained.id,
      position: null,
      expected: null,
      found: null,
    })
  }
  return { orgId, status: 'intact', count: position, headHash }
}

/**
 * An entry past the head that no committed append accounts for (one inserted around
 * appendAuditEntry). Entries appended during the walk are past the head read at its start, so
 * the head is read again AFTER the entry: an append commits its entry and the head together, so
 * a committed entry found first always has its head update visible to the later read.
 */
async function entryBeyondHead(
  db: Kysely<Database>,
  orgId: string,
  walkedUpTo: number,
): Promise<AuditChainBreak | null> {
  const newest = await db
    .selectFrom('audit_log')
    .select(['id', 'seq', 'hash'])
    .where('org_id', '=', orgId)
    .where('seq', '>', walkedUpTo)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (newest === undefined) return null
  const headNow = await db
    .selectFrom('audit_chain_heads')
    .select(['last_seq', 'last_hash'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (headNow !== undefined && Number(newest.seq) <= Number(headNow.last_seq)) return null
  return {
    reason: 'head',
    entryId: newest.id,
    position: Number(newest.seq),
    expected: headNow?.last_hash ?? AUDIT_GENESIS_HASH,
    found: newest.hash,
  }
}

/** The hash a row should have, or null when its stored fields cannot even be read (not JSON, a bad time). */
function recomputeHash(row: AuditLogTable, prevHash: string): string | null {
  try {
    const entry = auditEntryFromRow(row)
    return hashAuditEntry({ ...entry, seq: Number(row.seq) }, prevHash)
  } catch {
    return null
  }
}
