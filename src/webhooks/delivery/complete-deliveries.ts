/**
 * Complete: record a batch of finished attempts in one transaction.
 * - Each delivery row is updated only if this worker still holds its lease and it is still
 *   pending (a delivery cancelled by a delete, or re-claimed after our lease ran out, is left
 *   alone); its attempt is logged only then, so attempt numbers never collide.
 * - One multi-row INSERT for the attempt log (first 64 KiB of each response).
 * - Webhook health, once per webhook in the batch: a success ends the failure run; a failure
 *   starts one, and a run older than the policy's limit disables the webhook (`failing`); a 410
 *   disables it at once (`gone`). Disabling fails the webhook's pending deliveries.
 */
import { newId } from '../../domain/ids.js'
import type { DeliveryAttemptsTable } from '../../store/database.js'
import type { Store } from '../../store/store.js'
import {
  disableWebhook,
  markWebhookFailure,
  markWebhookSuccess,
  type WebhookDisabledReason,
} from '../../store/webhooks.js'
import type { ClaimedDelivery } from './claim-deliveries.js'
import { type DeliveryOutcome, TEST_EVENT } from './delivery-outcome.js'
import type { AttemptResult } from './http-sender.js'
import type { RetryPolicy } from './retry-policy.js'

export interface FinishedAttempt {
  delivery: ClaimedDelivery
  /** Clock time the attempt started. */
  startedAt: number
  result: AttemptResult
  outcome: DeliveryOutcome
}

export interface CompletionReport {
  /** Attempts recorded (this worker still held the lease). */
  recorded: FinishedAttempt[]
  /** Attempts dropped because the lease was lost or the delivery was no longer pending. */
  stale: FinishedAttempt[]
  disabled: { webhookId: string; reason: WebhookDisabledReason }[]
}

/** Attempts per INSERT: 10 columns a row stays far under SQLite's parameter limit. */
const ATTEMPT_INSERT_BATCH = 200

export async function completeDeliveries(
  store: Store,
  options: { workerId: string; now: number; policy: RetryPolicy },
  finished: readonly FinishedAttempt[],
): Promise<CompletionReport> {
  const { now, workerId } = options
  if (finished.length === 0) return { recorded: [], stale: [], disabled: [] }
  return store.transaction(async (trx) => {
    const recorded: FinishedAttempt[] = []
    const stale: FinishedAttempt[] = []
    for (const item of finished) {
      const { delivery, result, outcome } = item
      const result_ = await trx
        .updateTable('deliveries')
        .set({
          status: outcome.status === 'retry' ? 'pending' : outcome.status,
          attempt_count: delivery.attemptCount + 1,
          next_attempt_at: outcome.status === 'retry' ? outcome.nextAttemptAt : null,
          locked_until: null,
          locked_by: null,
          last_status_code: result.statusCode,
          last_error_class: result.errorClass,
          updated_at: now,
          completed_at: outcome.status === 'retry' ? null : now,
        })
        .where('id', '=', delivery.id)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      if (Number(result_.numUpdatedRows) === 1) recorded.push(item)
      else stale.push(item)
    }

    const rows: DeliveryAttemptsTable[] = recorded.map(({ delivery, startedAt, result }) => ({
      id: newId(),
      delivery_id: delivery.id,
      org_id: delivery.orgId,
      number: delivery.attemptCount + 1,
      started_at: startedAt,
      duration_ms: result.durationMs,
      status_code: result.statusCode,
      response_body: result.responseBody,
      error_class: result.errorClass,
      error_message: result.errorMessage,
    }))
    for (let start = 0; start < rows.length; start += ATTEMPT_INSERT_BATCH) {
      await trx
        .insertInto('delivery_attempts')
        .values(rows.slice(start, start + ATTEMPT_INSERT_BATCH))
        .execute()
    }

    // Webhook health: test deliveries are diagnostics and leave it alone.
    const succeeded = new Set<string>()
    const failedWebhooks = new Set<string>()
    const gone = new Set<string>()
    for (const { delivery, outcome } of recorded) {
      if (delivery.event === TEST_EVENT) continue
      if (outcome.status === 'succeeded') succeeded.add(delivery.webhookId)
      else {
        failedWebhooks.add(delivery.webhookId)
        if (outcome.status === 'failed' && outcome.disableWebhook === 'gone') gone.add(delivery.webhookId)
      }
    }
    const disabled: CompletionReport['disabled'] = []
    for (const webhookId of succeeded) await markWebhookSuccess(trx, webhookId, now)
    for (const webhookId of gone) {
      await disableWebhook(trx, webhookId, 'gone', now)
      disabled.push({ webhookId, reason: 'gone' })
    }
    for (const webhookId of failedWebhooks) {
      // A success in the same batch is newer news than a failure: the webhook answers.
      if (succeeded.has(webhookId) || gone.has(webhookId)) continue
      const failingSince = await markWebhookFailure(trx, webhookId, now)
      if (failingSince !== null && now - failingSince >= options.policy.disableAfterFailingMs) {
        await disableWebhook(trx, webhookId, 'failing', now)
        disabled.push({ webhookId, reason: 'failing' })
      }
    }
    return { recorded, stale, disabled }
  })
}
