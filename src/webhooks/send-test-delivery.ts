/**
 * The test send (`POST /api/v1/org-webhooks/{id}/test`): a `webhook.test` event to one webhook,
 * sent now, its outcome returned to the admin who asked.
 *
 * Why this is the one direct send. Everywhere else nothing is sent from a request: an event and
 * its deliveries commit together and the delivery workers send them later (the transactional
 * outbox, ARCHITECTURE.md), so a crash can delay a webhook but never lose one. A test is the
 * exception because its whole point is the answer — "does my receiver get and verify this?" — in
 * the response, and a queued send would leave the admin polling the delivery log. What keeps it
 * safe, and the same as any delivery on the wire:
 * - it is still written first: the event and its one delivery (outside the fan-out, so only this
 *   webhook gets it) commit with the audit entry before anything is sent, and the attempt is
 *   recorded through the same completion as the workers' (`completeDeliveries`);
 * - the row is leased to this request (`api-test:<id>`, for the configured lease) so no worker races it;
 *   if the process dies mid-send the lease runs out and a worker sends it once (at-least-once,
 *   like every delivery);
 * - it is signed and sent by the engine's own `attemptDelivery` (same headers, same SSRF guard);
 * - it gets one attempt and never changes the webhook's health (no disabling on 410, no failure
 *   run: delivery-outcome.ts, complete-deliveries.ts): a diagnostic, which also works on a
 *   disabled webhook.
 */
import type { Actor } from '../domain/actor.js'
import type { Clock } from '../domain/clock.js'
import { AppError } from '../domain/errors/app-error.js'
import { buildEnvelope } from '../domain/events/event-envelope.js'
import { WEBHOOK_TEST_EVENT } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import { appendAuditEntry } from '../store/audit-log.js'
import { insertTestDelivery } from '../store/deliveries.js'
import type { Store } from '../store/store.js'
import { getWebhookForDelivery } from '../store/webhooks.js'
import { activeTraceparent } from '../tracing/spans.js'
import type { ClaimedDelivery } from './delivery/claim-deliveries.js'
import { completeDeliveries, type FinishedAttempt } from './delivery/complete-deliveries.js'
import { type AttemptDeps, attemptDelivery } from './delivery/delivery-worker.js'
import type { HttpSender } from './delivery/http-sender.js'
import { bodyToStore, renderBody } from './delivery/render-body.js'
import type { RetryPolicy } from './delivery/retry-policy.js'

/** Longer than any send can take: the lease only keeps workers off the row meanwhile. */
export interface TestSendDeps {
  store: Store
  clock: Clock
  sender: HttpSender
  /** Opens sealed secrets (createSecretOpener: keep one for the process). */
  secrets: AttemptDeps['secrets']
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies. */
  publicUrl: string
  /** The workers' retry policy, for the same attempt and completion code (a test itself is never retried: delivery-outcome.ts). */
  policy: RetryPolicy
  /**
   * How long the request owns the row (FLOWCERTA_WEBHOOK_LEASE_SECONDS, which the config checks
   * outlasts the send timeout), so no worker claims it while this request sends it.
   */
  leaseMs: number
}

/** Sends a `webhook.test` to a live webhook of the actor's org now; the attempt, as recorded. */
export async function sendTestDelivery(
  deps: TestSendDeps,
  actor: Actor,
  webhookId: string,
): Promise<{ deliveryId: string; attempt: FinishedAttempt }> {
  const webhook = await getWebhookForDelivery(deps.store.db, webhookId)
  if (webhook === null || webhook.orgId !== actor.orgId || webhook.deleted) throw new AppError('NOT_FOUND')

  const now = deps.clock.now()
  const lockedBy = `api-test:${newId()}`
  const lockedUntil = now + deps.leaseMs
  const envelopeJson = JSON.stringify(
    buildEnvelope(WEBHOOK_TEST_EVENT, actor.orgId, now, {
      webhookId: webhook.id,
      message: 'This is a test delivery from Flowcerta.',
    }),
  )
  const body = renderBody(webhook.target, envelopeJson, { publicUrl: deps.publicUrl })
  const { deliveryId, eventId } = await deps.store.transaction(async (trx) => {
    const created = await insertTestDelivery(trx, {
      orgId: actor.orgId,
      webhookId: webhook.id,
      envelopeJson,
      body: bodyToStore(webhook.target, body),
      target: webhook.target,
      at: now,
      lockedBy,
      lockedUntil,
    })
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.tested',
      targetType: 'webhook',
      targetId: webhook.id,
      changes: { deliveryId: { from: null, to: created.deliveryId } },
      at: now,
    })
    return created
  })

  // What a claim would have handed a worker for this row (claim-deliveries.ts): the row is
  // already leased to this request, its body fixed.
  const delivery: ClaimedDelivery = {
    id: deliveryId,
    orgId: actor.orgId,
    webhookId: webhook.id,
    eventId,
    event: WEBHOOK_TEST_EVENT,
    attemptCount: 0,
    body,
    url: webhook.url,
    target: webhook.target,
    sealed: {
      secretEncrypted: webhook.secretEncrypted,
      previousSecretEncrypted: webhook.previousSecretEncrypted,
      previousSecretExpiresAt: webhook.previousSecretExpiresAt,
    },
    lockedUntil,
    // The test send runs in its request: the attempt is a child of the request's span.
    traceContext: activeTraceparent(),
  }
  const attempt = await attemptDelivery(
    {
      clock: deps.clock,
      sender: deps.sender,
      policy: deps.policy,
      random: Math.random,
      secrets: deps.secrets,
    },
    delivery,
  )
  await completeDeliveries(deps.store, { workerId: lockedBy, now: deps.clock.now(), policy: deps.policy }, [
    attempt,
  ])
  return { deliveryId, attempt }
}
