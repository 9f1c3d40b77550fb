/**
 * Complete: record a batch of finished attempts in one transaction.
 * - Delivery rows are updated only if this worker still holds their lease and they are still
 *   pending (a delivery cancelled by a delete, or re-claimed after our lease ran out, is left
 *   alone); an attempt is logged only then, so attempt numbers never collide.
 * - Set-based: attempts with the same resulting row values (status, attempt number, next attempt,
 *   status code, error class) share one `UPDATE … WHERE id IN (…) RETURNING id` — a batch of
 *   successes is one statement; the ids returned are the attempts recorded.
 * - One multi-row INSERT for the attempt log (first 64 KiB of each response).
 * - Webhook health: one UPDATE for the webhooks with a success in the batch ends their failure
 *   runs (it writes only when there is a run to end or last_success_at is stale). Then, per
 *   webhook **in webhook-id order** (concurrent workers lock webhook rows in the same order, so
 *   they queue instead of deadlocking): a failure starts a failure run, and a run older than the
 *   policy's limit disables the webhook (`failing`); a 410 disables it at once (`gone`).
 *   Disabling fails the webhook's pending deliveries.
 * - The transaction is retried a few times on a deadlock or serialization failure (PostgreSQL
 *   40P01 / 40001; SQLITE_BUSY): it is rebuilt from the attempts each time, so a retry is exact.
 */
import { WEBHOOK_TEST_EVENT } from '../../domain/events/webhook-test-event.js'
import { newId } from '../../domain/ids.js'
import { type AttemptSettlement, settleAttempts } from '../../store/delivery-lifecycle.js'
import { isRetryableTransactionError } from '../../store/errors.js'
import { placeholders, runSqlText, type SqlTextCapabilities } from '../../store/sql-text.js'
import type { Store } from '../../store/store.js'
import { disableWebhook, markWebhookFailure, markWebhooksSucceeded } from '../../store/webhook-health.js'
import type { WebhookDisabledReason } from '../../store/webhooks.js'
import {
  type ClaimedDelivery,
  type ClaimOptions,
  claimedFromCycle,
  claimInTransaction,
  cycleClaimOf,
} from './claim-deliveries.js'
import { type CycleRecord, type CycleResult, runDeliveryCycleStatement } from './delivery-cycle-statement.js'
import type { DeliveryOutcome } from './delivery-outcome.js'
import type { AttemptResult } from './http-sender.js'
import type { RetryPolicy } from './retry-policy.js'

export interface FinishedAttempt {
  delivery: ClaimedDelivery
  /** Clock time the attempt started. */
  startedAt: number
  result: AttemptResult
  outcome: DeliveryOutcome
  /** The headers sent (stored with the attempt, so the log shows the request as sent); null when none were built. */
  requestHeaders: Readonly<Record<string, string>> | null
}

export interface CompletionReport {
  /** Attempts recorded (this worker still held the lease). */
  recorded: FinishedAttempt[]
  /** Attempts dropped because the lease was lost or the delivery was no longer pending. */
  stale: FinishedAttempt[]
  disabled: { webhookId: string; reason: WebhookDisabledReason }[]
  /** What `thenInTransaction` returned (from the try that committed). */
  claimed: ClaimedDelivery[]
}

/** Attempts per INSERT: 11 columns a row stays far under SQLite's parameter limit. */
const ATTEMPT_INSERT_BATCH = 200
const ATTEMPT_COLUMNS = 11
/** Tries of the completion transaction when the database aborts it (deadlock, serialization). */
export const COMPLETION_TRIES = 5

export async function completeDeliveries(
  store: Store,
  options: { workerId: string; now: number; policy: RetryPolicy },
  finished: readonly FinishedAttempt[],
  /**
   * A claim to make in the same commit, after the attempts are recorded (the worker claims there
   * for the slots this batch frees); its rows come back in `claimed`.
   */
  claim?: ClaimOptions,
): Promise<CompletionReport> {
  if (finished.length === 0) return { recorded: [], stale: [], disabled: [], claimed: [] }
  if (store.capabilities.supportsWritableCtes) {
    const { report, claimResult } = await withTries(() =>
      completeWithStatement(store, options, finished, claim),
    )
    if (claim !== undefined && claimResult !== null)
      report.claimed = await claimedFromCycle(store, claimResult, claim)
    return report
  }
  return withTries(() =>
    store.transaction(async (trx) => {
      const report = await completeInTransaction(trx, store.capabilities, options, finished)
      if (claim !== undefined) report.claimed = await claimInTransaction(trx, store.capabilities, claim)
      return report
    }),
  )
}

/** Runs `run` again on a deadlock or serialization failure, up to COMPLETION_TRIES times. */
async function withTries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (attempt >= COMPLETION_TRIES || !isRetryableTransactionError(error)) throw error
      // The other transaction has been let through; a short, jittered pause avoids meeting again.
      const pauseMs = 5 * 2 ** attempt * (0.5 + Math.random())
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  }
}

/**
 * With `supportsWritableCtes` (delivery-cycle-statement.ts): a batch of successes and the claim
 * are one statement, committed on its own. A batch with a failure needs the webhook-health steps
 * after the records, so it runs in a transaction: records, health, then the claim (which then
 * sees a webhook this batch disabled as disabled).
 */
async function completeWithStatement(
  store: Store,
  options: { workerId: string; now: number; policy: RetryPolicy },
  finished: readonly FinishedAttempt[],
  claim: ClaimOptions | undefined,
): Promise<{ report: CompletionReport; claimResult: CycleResult | null }> {
  const lease = { workerId: options.workerId, now: options.now }
  const records = cycleRecordsOf(finished)
  const cycleClaim = claim === undefined ? null : cycleClaimOf(claim)
  const healthToRecord = finished.some(
    ({ delivery, outcome }) => delivery.event !== WEBHOOK_TEST_EVENT && outcome.status !== 'succeeded',
  )
  if (!healthToRecord) {
    const result = await runDeliveryCycleStatement(store.db, lease, records, cycleClaim)
    return { report: splitRecorded(finished, result.settledIds), claimResult: result }
  }
  return store.transaction(async (trx) => {
    const result = await runDeliveryCycleStatement(trx, lease, records, null)
    const report = splitRecorded(finished, result.settledIds)
    report.disabled = await recordFailures(trx, options, report.recorded)
    const claimResult =
      cycleClaim === null ? null : await runDeliveryCycleStatement(trx, lease, [], cycleClaim)
    return { report, claimResult }
  })
}

/** The statement's records: one per delivery (a second copy in the batch is left out: stale). */
function cycleRecordsOf(finished: readonly FinishedAttempt[]): CycleRecord[] {
  const seen = new Set<string>()
  const records: CycleRecord[] = []
  for (const item of finished) {
    const { delivery, result, startedAt, requestHeaders } = item
    if (seen.has(delivery.id)) continue
    seen.add(delivery.id)
    const settlement = settlementOf(item)
    records.push({
      deliveryId: delivery.id,
      status: settlement.status,
      attemptCount: settlement.attemptCount,
      nextAttemptAt: settlement.nextAttemptAt,
      statusCode: settlement.lastStatusCode,
      errorClass: settlement.lastErrorClass,
      attemptId: newId(),
      startedAt,
      durationMs: result.durationMs,
      responseBody: result.responseBody,
      errorMessage: result.errorMessage,
      requestHeaders,
    })
  }
  return records
}

/** Recorded (their delivery row was updated) and stale attempts; a second copy of a delivery is stale. */
function splitRecorded(finished: readonly FinishedAttempt[], settled: Set<string>): CompletionReport {
  const recorded: FinishedAttempt[] = []
  const stale: FinishedAttempt[] = []
  for (const item of finished) {
    // `delete` so that a second copy of the same delivery in the batch counts as stale.
    if (settled.delete(item.delivery.id)) recorded.push(item)
    else stale.push(item)
  }
  return { recorded, stale, disabled: [], claimed: [] }
}

export type Trx = Parameters<Parameters<Store['transaction']>[0]>[0]

/** What an attempt leaves on its delivery row (the lifecycle's `settleAttempts` writes it). */
function settlementOf(item: FinishedAttempt): AttemptSettlement {
  const { delivery, result, outcome } = item
  const retry = outcome.status === 'retry'
  return {
    status: retry ? 'pending' : outcome.status,
    attemptCount: delivery.attemptCount + 1,
    nextAttemptAt: retry ? outcome.nextAttemptAt : null,
    lastStatusCode: result.statusCode,
    lastErrorClass: result.errorClass,
  }
}

async function completeInTransaction(
  trx: Trx,
  capabilities: SqlTextCapabilities,
  options: { workerId: string; now: number; policy: RetryPolicy },
  finished: readonly FinishedAttempt[],
): Promise<CompletionReport> {
  const { now } = options
  // Group the attempts by the row values they write: one UPDATE per group.
  const groups = new Map<string, { settlement: AttemptSettlement; ids: string[] }>()
  const seen = new Set<string>()
  for (const item of finished) {
    const id = item.delivery.id
    if (seen.has(id)) continue // the same delivery twice in a batch: only the first counts
    seen.add(id)
    const settlement = settlementOf(item)
    const key = JSON.stringify(settlement)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, { settlement, ids: [id] })
    else group.ids.push(id)
  }
  const updated = new Set<string>()
  for (const { settlement, ids } of groups.values()) {
    await settleAttempts(trx, capabilities, ids.sort(), settlement, options, updated)
  }
  const { recorded, stale } = splitRecorded(finished, updated)

  // The attempt log: one multi-row INSERT per chunk.
  for (let start = 0; start < recorded.length; start += ATTEMPT_INSERT_BATCH) {
    const chunk = recorded.slice(start, start + ATTEMPT_INSERT_BATCH)
    const values: unknown[] = []
    for (const { delivery, startedAt, result, requestHeaders } of chunk) {
      values.push(
        newId(),
        delivery.id,
        delivery.orgId,
        delivery.attemptCount + 1,
        startedAt,
        result.durationMs,
        result.statusCode,
        result.responseBody,
        result.errorClass,
        result.errorMessage,
        requestHeaders === null ? null : JSON.stringify(requestHeaders),
      )
    }
    await runSqlText(
      trx,
      capabilities,
      `insert into delivery_attempts (id, delivery_id, org_id, number, started_at, duration_ms,
         status_code, response_body, error_class, error_message, request_headers_json)
       values ${chunk.map(() => `(${placeholders(ATTEMPT_COLUMNS)})`).join(', ')}`,
      values,
    )
  }

  const succeeded = [...healthOf(recorded)]
    .filter(([, entry]) => entry.succeeded)
    .map(([webhookId]) => webhookId)
  await markWebhooksSucceeded(trx, capabilities, succeeded, now)
  const disabled = await recordFailures(trx, options, recorded)
  return { recorded, stale, disabled, claimed: [] }
}

/** What the recorded attempts say of each webhook; test deliveries are diagnostics and leave it alone. */
function healthOf(
  recorded: readonly FinishedAttempt[],
): Map<string, { succeeded: boolean; failed: boolean; gone: boolean }> {
  const health = new Map<string, { succeeded: boolean; failed: boolean; gone: boolean }>()
  for (const { delivery, outcome } of recorded) {
    if (delivery.event === WEBHOOK_TEST_EVENT) continue
    let entry = health.get(delivery.webhookId)
    if (entry === undefined) {
      entry = { succeeded: false, failed: false, gone: false }
      health.set(delivery.webhookId, entry)
    }
    if (outcome.status === 'succeeded') entry.succeeded = true
    else {
      entry.failed = true
      if (outcome.status === 'failed' && outcome.disableWebhook === 'gone') entry.gone = true
    }
  }
  return health
}

/**
 * The failures' side of webhook health, after the successes' UPDATE: per webhook in id order
 * (every worker takes the webhook rows' locks in the same order; the success UPDATE rarely
 * writes, hence rarely locks, and a deadlock it may still meet is retried).
 */
async function recordFailures(
  trx: Trx,
  options: { now: number; policy: RetryPolicy },
  recorded: readonly FinishedAttempt[],
): Promise<CompletionReport['disabled']> {
  const { now } = options
  const health = healthOf(recorded)
  const disabled: CompletionReport['disabled'] = []
  for (const webhookId of [...health.keys()].sort()) {
    const entry = health.get(webhookId)!
    if (entry.gone) {
      await disableWebhook(trx, webhookId, 'gone', now)
      disabled.push({ webhookId, reason: 'gone' })
      continue
    }
    // A success in the same batch is newer news than a failure: the webhook answers.
    if (!entry.failed || entry.succeeded) continue
    const failingSince = await markWebhookFailure(trx, webhookId, now)
    if (failingSince !== null && now - failingSince >= options.policy.disableAfterFailingMs) {
      await disableWebhook(trx, webhookId, 'failing', now)
      disabled.push({ webhookId, reason: 'failing' })
    }
  }
  return disabled
}
