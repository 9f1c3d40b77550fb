/**
 * Claim: take due pending deliveries under a lease, in one short transaction.
 * - Candidates: pending and due (`next_attempt_at <= now`), oldest due first, skipping webhooks
 *   this worker has saturated; read as ids first, then their webhooks once each, then the full
 *   rows only of those taken (reading every column of every candidate cost more than the rest). With `supportsSkipLocked` (PostgreSQL) the candidate rows are
 *   locked `FOR UPDATE … SKIP LOCKED`, so concurrent workers in any number of processes take
 *   disjoint sets; on SQLite the transaction itself (`BEGIN IMMEDIATE`, one writer) makes
 *   select-then-update atomic.
 * - Per webhook, at most its free in-flight slots are taken; the rest stay in the pool.
 * - One UPDATE sets the lease on all chosen rows: `locked_by` and `locked_until` = the lease end.
 *   A leased row is not a candidate until its lease runs out (`locked_until`), so a worker killed
 *   mid-send leaves its rows to come due again then. The lease writes no indexed column (since
 *   migration 017; it used to move `next_attempt_at` to the lease end, which kept rows in flight
 *   out of the due index's range but cost a new entry in each of the table's four indexes per
 *   claim): on PostgreSQL it is a HOT update. The claim's due-index scan now passes over the rows
 *   in flight (up to twice the global cap), a heap visit each, far cheaper than those index writes
 *   per delivery. Completion sets `next_attempt_at` (and clears the lease).
 * - A delivery's first claim fixes its body bytes, so every retry and redelivery sends exactly
 *   the same bytes: for the `generic` target the body is the event's envelope, which is never
 *   changed, so only the target is recorded (`deliveries.target`); a slack/teams body is rendered
 *   from the envelope and stored in `deliveries.body`.
 * - Rows whose webhook was deleted are cancelled, and rows of a disabled webhook are failed, here,
 *   without sending (src/store/delivery-lifecycle.ts).
 */
import type { WebhookTarget } from '../../domain/webhook-targets.js'
import { cancelPendingDeliveries, failPendingDeliveries } from '../../store/delivery-lifecycle.js'
import { placeholders, runSqlText } from '../../store/sql-text.js'
import type { Store } from '../../store/store.js'
import type { WebhookSealedSecrets } from '../../store/webhooks.js'
import { type CycleClaim, type CycleResult, runDeliveryCycleStatement } from './delivery-cycle-statement.js'
import { bodyToStore, renderBody } from './render-body.js'

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
  /** The W3C traceparent stored with the delivery (src/tracing/), or null. */
  traceContext: string | null
}

export interface ClaimOptions {
  workerId: string
  now: number
  leaseMs: number
  /** Most rows to take. */
  limit: number
  /** Free in-flight slots of a webhook with nothing in flight in this worker (the per-webhook cap). */
  perWebhookFree: number
  /**
   * Webhooks with attempts in flight in this worker: their free slots (the per-webhook cap minus
   * their sends). Those with none free are not even read.
   */
  freeByWebhook: ReadonlyMap<string, number>
  /** FLOWCERTA_PUBLIC_URL, for the links in slack/teams bodies. */
  publicUrl: string
  /** Filled in: whether the candidate page was full, i.e. more rows may be due than were read. */
  stats?: { pageFull: boolean }
}

/** Candidates read per claim, as a multiple of the limit, so a busy webhook does not hide others. */
export const CANDIDATE_FACTOR = 2
/** Rows per lease UPDATE (up to 5 parameters a row: the id, and id-value pairs in two `case`s). */
const LEASE_UPDATE_BATCH = 200

export async function claimDeliveries(store: Store, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  if (store.capabilities.supportsWritableCtes) {
    // One statement (delivery-cycle-statement.ts): atomic on its own, no transaction around it.
    const result = await runDeliveryCycleStatement(
      store.db,
      { workerId: options.workerId, now: options.now },
      [],
      cycleClaimOf(options),
    )
    return claimedFromCycle(store, result, options)
  }
  return store.transaction((trx) => claimInTransaction(trx, store.capabilities, options))
}

/** Free slots of `webhookId` under `options`. */
function freeSlotsFor(options: ClaimOptions, webhookId: string): number {
  return options.freeByWebhook.get(webhookId) ?? options.perWebhookFree
}

/** The claim half of the cycle statement for `options`. */
export function cycleClaimOf(options: ClaimOptions): CycleClaim {
  return {
    limit: options.limit,
    candidateLimit: options.limit * CANDIDATE_FACTOR,
    leaseEnd: options.now + options.leaseMs,
    perWebhookFree: options.perWebhookFree,
    freeByWebhook: options.freeByWebhook,
  }
}

/**
 * The rows the cycle statement claimed, ready to send. A body still to be fixed (the first claim
 * of a slack/teams delivery) is rendered here and stored before anything is sent, so every send
 * is of the stored bytes (generic bodies are the event's envelope and are not copied). Should this
 * UPDATE not happen (a crash, an error), the row keeps its lease and target and is rendered again
 * from the same envelope when the lease runs out, nothing having been sent.
 */
export async function claimedFromCycle(
  store: Pick<Store, 'db' | 'capabilities'>,
  result: CycleResult,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  if (options.stats !== undefined)
    options.stats.pageFull = result.candidatesRead >= options.limit * CANDIDATE_FACTOR
  const lockedUntil = options.now + options.leaseMs
  const toStore: string[] = []
  const claimed = result.claimed.map((row): ClaimedDelivery => {
    const body = row.body ?? renderBody(row.target, row.envelope_json ?? '', { publicUrl: options.publicUrl })
    if (row.body === null) {
      const stored = bodyToStore(row.target, body)
      if (stored !== null) toStore.push(row.id, stored)
    }
    return {
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
      traceContext: row.trace_context,
    }
  })
  for (let start = 0; start < toStore.length; start += 2 * LEASE_UPDATE_BATCH) {
    const pairs = toStore.slice(start, start + 2 * LEASE_UPDATE_BATCH)
    const ids = pairs.filter((_, index) => index % 2 === 0)
    await runSqlText(
      store.db,
      store.capabilities,
      `update deliveries set body = case id${' when ? then ?'.repeat(ids.length)} else body end
       where id in (${placeholders(ids.length)}) and locked_by = ? and body is null`,
      [...pairs, ...ids, options.workerId],
    )
  }
  return claimed
}

type Trx = Parameters<Parameters<Store['transaction']>[0]>[0]

/** A candidate's webhook (step 2 below). */
interface ClaimWebhookRow {
  id: string
  url: string
  target: WebhookTarget
  enabled: number
  deleted_at: number | null
  secret_encrypted: string
  previous_secret_encrypted: string | null
  previous_secret_expires_at: number | null
}

/** A claimed row's own columns (step 4 below). */
interface ChosenRow {
  id: string
  org_id: string
  webhook_id: string
  event_id: string
  event: string
  attempt_count: number
  body: string | null
  target: WebhookTarget | null
  envelope_json: string | null
  trace_context: string | null
}

/**
 * The claim inside a transaction the caller runs (the worker runs it in the transaction that
 * records finished attempts, for the slots those free: one commit instead of two).
 */
export async function claimInTransaction(
  trx: Trx,
  capabilities: Pick<Store['capabilities'], 'supportsSkipLocked' | 'sqlPlaceholders'>,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  if (options.stats !== undefined) options.stats.pageFull = false
  if (options.limit <= 0) return []
  const { now } = options
  // 1. Candidates, oldest due first: ids and webhooks only. A claim reads about twice the rows it
  //    takes, and materialising every column of every candidate (webhook secrets, envelopes) was
  //    most of its cost; the rest is read below for the rows taken.
  const saturated = [...options.freeByWebhook].filter(([, free]) => free <= 0).map(([webhookId]) => webhookId)
  const candidates = await runSqlText<{ id: string; webhook_id: string }>(
    trx,
    capabilities,
    // `status = 'pending'` as a literal: the due index is partial on it (migration 017).
    `select id, webhook_id from deliveries
     where status = 'pending' and next_attempt_at <= ? and (locked_until is null or locked_until <= ?)
       ${saturated.length > 0 ? `and webhook_id not in (${placeholders(saturated.length)})` : ''}
     order by next_attempt_at limit ?
     ${capabilities.supportsSkipLocked ? 'for update skip locked' : ''}`,
    [now, now, ...saturated, options.limit * CANDIDATE_FACTOR],
  )
  if (options.stats !== undefined)
    options.stats.pageFull = candidates.length >= options.limit * CANDIDATE_FACTOR
  if (candidates.length === 0) return []

  // 2. Their webhooks, once each.
  const webhookIds = [...new Set(candidates.map((row) => row.webhook_id))]
  const webhooks = new Map(
    (
      await runSqlText<ClaimWebhookRow>(
        trx,
        capabilities,
        `select id, url, target, enabled, deleted_at, secret_encrypted, previous_secret_encrypted,
           previous_secret_expires_at
         from webhooks where id in (${placeholders(webhookIds.length)})`,
        webhookIds,
      )
    ).map((webhook) => [webhook.id, webhook]),
  )

  // 3. Which to take: per webhook at most its free slots; deleted → cancel, disabled → fail.
  const taken = new Map<string, number>()
  const chosenIds: string[] = []
  const cancelIds: string[] = []
  const failIds: string[] = []
  for (const { id, webhook_id: webhookId } of candidates) {
    const webhook = webhooks.get(webhookId)
    if (webhook === undefined || webhook.deleted_at !== null) {
      cancelIds.push(id)
      continue
    }
    if (Number(webhook.enabled) !== 1) {
      failIds.push(id)
      continue
    }
    if (chosenIds.length >= options.limit) continue
    const used = taken.get(webhookId) ?? 0
    if (used >= freeSlotsFor(options, webhookId)) continue
    taken.set(webhookId, used + 1)
    chosenIds.push(id)
  }

  // 4. The rows taken, with the event's envelope where no body is stored.
  const rows =
    chosenIds.length === 0
      ? []
      : await runSqlText<ChosenRow>(
          trx,
          capabilities,
          `select d.id, d.org_id, d.webhook_id, d.event_id, d.event, d.attempt_count, d.body, d.target,
             d.trace_context,
             case when d.body is null then e.envelope_json else null end as envelope_json
           from deliveries d join events e on e.id = d.event_id
           where d.id in (${placeholders(chosenIds.length)})`,
          chosenIds,
        )
  const rowById = new Map(rows.map((row) => [row.id, row]))
  const chosen: ClaimedDelivery[] = []
  /** First claims: the target their body is fixed for, and the body to store (bodyToStore). */
  const firstClaims = new Map<string, { target: WebhookTarget; body: string | null }>()
  const lockedUntil = now + options.leaseMs
  for (const id of chosenIds) {
    const row = rowById.get(id)!
    const webhook = webhooks.get(row.webhook_id)!
    // Rows claimed before migration 005 may carry a body with no target: send that body as it is.
    const target = row.target ?? webhook.target
    const body = row.body ?? renderBody(target, row.envelope_json ?? '', { publicUrl: options.publicUrl })
    if (row.target === null) {
      firstClaims.set(id, { target, body: row.body === null ? bodyToStore(target, body) : null })
    }
    chosen.push({
      id,
      orgId: row.org_id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      event: row.event,
      attemptCount: row.attempt_count,
      body,
      url: webhook.url,
      target,
      sealed: {
        secretEncrypted: webhook.secret_encrypted,
        previousSecretEncrypted: webhook.previous_secret_encrypted,
        previousSecretExpiresAt: webhook.previous_secret_expires_at,
      },
      lockedUntil,
      traceContext: row.trace_context,
    })
  }

  // The lease, and what the first claims fix (target, formatted body), in one UPDATE per chunk:
  // `case id when … then … else <column> end` sets per-row values and keeps the others'.
  for (let start = 0; start < chosen.length; start += LEASE_UPDATE_BATCH) {
    const chunk = chosen.slice(start, start + LEASE_UPDATE_BATCH)
    const targets: string[] = []
    const bodies: string[] = []
    for (const { id } of chunk) {
      const first = firstClaims.get(id)
      if (first === undefined) continue
      targets.push(id, first.target)
      if (first.body !== null) bodies.push(id, first.body)
    }
    const caseOf = (column: string, pairs: string[]) =>
      pairs.length === 0
        ? ''
        : `, ${column} = case id${' when ? then ?'.repeat(pairs.length / 2)} else ${column} end`
    await runSqlText(
      trx,
      capabilities,
      `update deliveries set locked_until = ?, locked_by = ?, updated_at = ?
         ${caseOf('target', targets)}${caseOf('body', bodies)}
       where id in (${placeholders(chunk.length)})`,
      [lockedUntil, options.workerId, now, ...targets, ...bodies, ...chunk.map(({ id }) => id)],
    )
  }
  await cancelPendingDeliveries(trx, { ids: cancelIds }, now)
  await failPendingDeliveries(trx, { ids: failIds }, now)
  return chosen
}
