/**
 * Claim: take due pending deliveries under a lease, in one short transaction.
 * - Candidates: pending, due (`next_attempt_at <= now`), lease free or expired, oldest due first,
 *   skipping webhooks this worker has saturated. With `supportsSkipLocked` (PostgreSQL) the
 *   candidate rows are locked `FOR UPDATE … SKIP LOCKED`, so concurrent workers in any number of
 *   processes take disjoint sets; on SQLite the transaction itself (`BEGIN IMMEDIATE`, one writer)
 *   makes select-then-update atomic.
 * - Per webhook, at most its free in-flight slots are taken; the rest stay in the pool.
 * - One UPDATE sets the lease (`locked_until`, `locked_by`) on all chosen rows. A worker killed
 *   mid-send leaves its rows to come back when the lease runs out.
 * - A delivery's first claim fixes its body bytes (rendered from the stored envelope), so every
 *   retry and redelivery sends exactly the same bytes.
 * - Rows whose webhook was deleted are cancelled, and rows of a disabled webhook are failed, here,
 *   without sending.
 */
import { sql } from 'kysely'
import type { DeliveriesTable } from '../../store/database.js'
import type { Store } from '../../store/store.js'
import type { WebhookSealedSecrets } from '../../store/webhooks.js'
import { renderBody, type WebhookTarget } from './render-body.js'

/** A delivery this worker now owns until `lockedUntil`, with everything needed to send it. */
export interface ClaimedDelivery {
  id: string
  orgId: string
  webhookId: string
  eventId: string
  event: string
  /** Attempts already made (the attempt about to be made is `attemptCount + 1`). */
  attemptCount: number
  /** The fixed body bytes. */
  body: string
  url: string
  target: WebhookTarget
  sealed: WebhookSealedSecrets
  lockedUntil: number
}

export interface ClaimOptions {
  workerId: string
  now: number
  leaseMs: number
  /** Most rows to take. */
  limit: number
  /** Free in-flight slots for a webhook in this worker (per-webhook cap minus its sends). */
  freeSlotsFor: (webhookId: string) => number
  /** Webhooks with no free slot: not even read. */
  saturatedWebhookIds: readonly string[]
  /** FLOWCERTA_PUBLIC_URL, for the links in slack/teams bodies. */
  publicUrl: string
  /** Filled in: how many candidate rows were read (`limit * 2` means more may be due). */
  stats?: { candidates: number }
}

/** Candidates read per claim, as a multiple of the limit, so a busy webhook does not hide others. */
const CANDIDATE_FACTOR = 2
/** Rows per lease UPDATE (up to 3 parameters a row: the id, and the id and body in the `case`). */
const LEASE_UPDATE_BATCH = 200

export async function claimDeliveries(store: Store, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  return store.transaction((trx) => claimInTransaction(trx, store.capabilities, options))
}

type Trx = Parameters<Parameters<Store['transaction']>[0]>[0]

/**
 * The claim inside a transaction the caller runs (the worker runs it in the transaction that
 * records finished attempts, for the slots those free: one commit instead of two).
 */
export async function claimInTransaction(
  trx: Trx,
  capabilities: Pick<Store['capabilities'], 'supportsSkipLocked'>,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  if (options.stats !== undefined) options.stats.candidates = 0
  if (options.limit <= 0) return []
  const { now } = options
  let query = trx
    .selectFrom('deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.org_id',
      'd.webhook_id',
      'd.event_id',
      'd.event',
      'd.attempt_count',
      'd.body',
      'w.url',
      'w.target',
      'w.enabled',
      'w.deleted_at',
      'w.secret_encrypted',
      'w.previous_secret_encrypted',
      'w.previous_secret_expires_at',
      // Only first attempts need the envelope; retries already carry their body.
      sql<string | null>`case when d.body is null then e.envelope_json else null end`.as('envelope_json'),
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<=', now)]))
    .orderBy('d.next_attempt_at')
    .limit(options.limit * CANDIDATE_FACTOR)
  if (options.saturatedWebhookIds.length > 0) {
    query = query.where('d.webhook_id', 'not in', [...options.saturatedWebhookIds])
  }
  if (capabilities.supportsSkipLocked) query = query.forUpdate('d').skipLocked()
  const candidates = await query.execute()
  if (options.stats !== undefined) options.stats.candidates = candidates.length
  if (candidates.length === 0) return []

  const taken = new Map<string, number>()
  const chosen: ClaimedDelivery[] = []
  const cancelIds: string[] = []
  const failIds: string[] = []
  const bodies: { id: string; body: string }[] = []
  const lockedUntil = now + options.leaseMs
  for (const row of candidates) {
    if (row.deleted_at !== null) {
      cancelIds.push(row.id)
      continue
    }
    if (Number(row.enabled) !== 1) {
      failIds.push(row.id)
      continue
    }
    if (chosen.length >= options.limit) continue
    const used = taken.get(row.webhook_id) ?? 0
    if (used >= options.freeSlotsFor(row.webhook_id)) continue
    taken.set(row.webhook_id, used + 1)
    let body = row.body
    if (body === null) {
      body = renderBody(row.target, row.envelope_json ?? '', { publicUrl: options.publicUrl })
      bodies.push({ id: row.id, body })
    }
    chosen.push({
      id: row.id,
      orgId: row.org_id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      event: row.event,
      attemptCount: row.attempt_count,
      body,
      url: row.url,
      target: row.target,
      sealed: {
        secretEncrypted: row.secret_encrypted,
        previousSecretEncrypted: row.previous_secret_encrypted,
        previousSecretExpiresAt: row.previous_secret_expires_at,
      },
      lockedUntil,
    })
  }

  // The lease, and the bodies fixed at this claim (`case id when … then … else body end`, so a
  // body already fixed is kept), in one UPDATE per chunk.
  const fixedBodies = new Map(bodies.map(({ id, body }) => [id, body]))
  for (let start = 0; start < chosen.length; start += LEASE_UPDATE_BATCH) {
    const chunk = chosen.slice(start, start + LEASE_UPDATE_BATCH)
    const cases: ReturnType<typeof sql>[] = []
    for (const { id } of chunk) {
      const body = fixedBodies.get(id)
      if (body !== undefined) cases.push(sql`when ${id} then ${body}`)
    }
    await trx
      .updateTable('deliveries')
      .set({
        locked_until: lockedUntil,
        locked_by: options.workerId,
        updated_at: now,
        ...(cases.length > 0 ? { body: sql<string>`case id ${sql.join(cases, sql` `)} else body end` } : {}),
      })
      .where(
        'id',
        'in',
        chunk.map((delivery) => delivery.id),
      )
      .execute()
  }
  const settle = async (ids: string[], set: Partial<DeliveriesTable>) => {
    if (ids.length === 0) return
    await trx
      .updateTable('deliveries')
      .set({
        ...set,
        next_attempt_at: null,
        locked_until: null,
        locked_by: null,
        completed_at: now,
        updated_at: now,
      })
      .where('id', 'in', ids)
      .execute()
  }
  await settle(cancelIds, { status: 'cancelled' })
  await settle(failIds, { status: 'failed', last_error_class: 'webhook_disabled' })
  return chosen
}
