/**
 * Delivery rows the delivery engine writes or reads outside claim/complete (those live in
 * src/webhooks/delivery/, one file per verb): the test route's single delivery and the backlog
 * figures for metrics.
 */
import { type Kysely, sql } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Database } from './database.js'

/**
 * Writes a `webhook.test` event (outside the fan-out: it goes to this webhook only) and its one
 * delivery, already leased to `lockedBy` so no worker takes it while the route sends it.
 */
export async function insertTestDelivery(
  trx: Kysely<Database>,
  input: {
    orgId: string
    webhookId: string
    envelopeJson: string
    /** The body to store (null when it is the envelope itself, see bodyToStore). */
    body: string | null
    target: 'generic' | 'slack' | 'teams'
    at: number
    lockedBy: string
    lockedUntil: number
  },
): Promise<{ eventId: string; deliveryId: string }> {
  const eventId = newId()
  const deliveryId = newId()
  await trx
    .insertInto('events')
    .values({
      id: eventId,
      org_id: input.orgId,
      event: 'webhook.test',
      occurred_at: input.at,
      envelope_json: input.envelopeJson,
    })
    .execute()
  await trx
    .insertInto('deliveries')
    .values({
      id: deliveryId,
      org_id: input.orgId,
      webhook_id: input.webhookId,
      event_id: eventId,
      event: 'webhook.test',
      status: 'pending',
      attempt_count: 0,
      // Leased rows are due again when their lease ends (claim-deliveries.ts).
      next_attempt_at: input.lockedUntil,
      locked_until: input.lockedUntil,
      locked_by: input.lockedBy,
      body: input.body,
      target: input.target,
      last_status_code: null,
      last_error_class: null,
      created_at: input.at,
      updated_at: input.at,
      completed_at: null,
    })
    .execute()
  return { eventId, deliveryId }
}

/** Pending deliveries due at `now`, and when the oldest of them became due. */
export async function dueBacklog(
  db: Kysely<Database>,
  now: number,
): Promise<{ count: number; oldestDueAt: number | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select([sql<number>`count(*)`.as('count'), sql<number | null>`min(next_attempt_at)`.as('oldest')])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst()
  return {
    count: Number(row?.count ?? 0),
    oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest),
  }
}
