/**
 * Delivery rows the delivery engine writes or reads outside claim/complete (those live in
 * src/webhooks/delivery/, one file per verb): the test send's single delivery and the backlog
 * figures for metrics.
 */
import { type Kysely, sql } from 'kysely'
import { WEBHOOK_TEST_EVENT } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import type { WebhookTarget } from '../domain/webhook-targets.js'
import { activeTraceparent } from '../tracing/spans.js'
import type { Database } from './database.js'
import { pendingDelivery } from './delivery-lifecycle.js'

/**
 * Writes a `webhook.test` event (outside the fan-out: it goes to this webhook only) and its one
 * delivery, already leased to `lockedBy` so no worker takes it while it is sent directly.
 */
export async function insertTestDelivery(
  trx: Kysely<Database>,
  input: {
    orgId: string
    webhookId: string
    envelopeJson: string
    /** The body to store (null when it is the envelope itself, see bodyToStore). */
    body: string | null
    target: WebhookTarget
    at: number
    lockedBy: string
    lockedUntil: number
  },
): Promise<{ eventId: string; deliveryId: string }> {
  const event = { id: newId(), orgId: input.orgId, event: WEBHOOK_TEST_EVENT, occurredAt: input.at }
  await trx
    .insertInto('events')
    .values({
      id: event.id,
      org_id: event.orgId,
      event: event.event,
      occurred_at: event.occurredAt,
      envelope_json: input.envelopeJson,
    })
    .execute()
  const delivery = {
    ...pendingDelivery(event, input.webhookId, newId(), activeTraceparent()),
    locked_until: input.lockedUntil,
    locked_by: input.lockedBy,
    body: input.body,
    target: input.target,
  }
  await trx.insertInto('deliveries').values(delivery).execute()
  return { eventId: event.id, deliveryId: delivery.id }
}

/** Pending deliveries due at `now`, and when the oldest of them became due. */
export async function dueBacklog(
  db: Kysely<Database>,
  now: number,
): Promise<{ count: number; oldestDueAt: number | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select([sql<number>`count(*)`.as('count'), sql<number | null>`min(next_attempt_at)`.as('oldest')])
    // A literal: the due index is partial on `status = 'pending'` (migration 017).
    .where(sql<boolean>`status = 'pending'`)
    .where('next_attempt_at', '<=', now)
    // Rows in flight (leased, lease not run out) are not waiting.
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst()
  return {
    count: Number(row?.count ?? 0),
    oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest),
  }
}
