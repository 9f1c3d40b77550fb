/**
 * The outbox fan-out: one pending delivery row per enabled, live webhook of the event's org
 * subscribed to it, written in the event's transaction by `recordEvent` (events.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely'
import { DIRECT_ONLY_EVENTS } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import { jsonFromDb } from './codec.js'
import type { Database, DeliveriesTable } from './database.js'
import { pendingDelivery } from './delivery-lifecycle.js'
import { DELIVERY_CHANNEL_PREFIX } from './delivery-wake-signal.js'

/** Subscribing to this matches every event that fans out. */
export const ALL_EVENTS = '*'

/** Rows per INSERT: well under SQLite's 32766 bound parameters at 11 columns a row. */
const FAN_OUT_BATCH = 500

/** True when a subscription list takes the event. */
export function subscribesTo(events: readonly string[], event: string): boolean {
  if (DIRECT_ONLY_EVENTS.includes(event)) return false
  return events.includes(ALL_EVENTS) || events.includes(event)
}

/**
 * Writes one pending delivery per enabled, live webhook of the event's org subscribed to it; call
 * it inside the event's transaction (recordEvent does). One read of the org's enabled webhooks and
 * one batched insert: two round trips whatever the number of webhooks. The subscription match is
 * done here rather than in SQL because `events_json` is JSON text on both engines and a LIKE on it
 * would have to escape `_`. Returns the new delivery ids, in webhook order.
 */
export async function fanOutEvent(
  trx: Kysely<Database>,
  event: { id: string; orgId: string; event: string; occurredAt: number },
): Promise<string[]> {
  if (DIRECT_ONLY_EVENTS.includes(event.event)) return []
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'events_json'])
    .where('org_id', '=', event.orgId)
    .where('enabled', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute()
  const rows: DeliveriesTable[] = []
  for (const webhook of webhooks) {
    if (!subscribesTo(jsonFromDb<string[]>(webhook.events_json), event.event)) continue
    rows.push(pendingDelivery(event, webhook.id, newId()))
  }
  for (let start = 0; start < rows.length; start += FAN_OUT_BATCH) {
    await trx
      .insertInto('deliveries')
      .values(rows.slice(start, start + FAN_OUT_BATCH))
      .execute()
  }
  return rows.map((row) => row.id)
}

/**
 * PostgreSQL (capability `supportsWritableCtes`): the event row, its deliveries and the workers'
 * wake-up in one statement — one round trip per event instead of four (event INSERT, webhook
 * SELECT, deliveries INSERT, NOTIFY), which is what an enqueue of many events was made of. Same
 * rows as `recordEvent` writes elsewhere with `fanOutEvent` (the shape of `pendingDelivery`):
 * - the subscription match is `jsonb_exists_any` on `events_json` (an array of event names or
 *   `*`), as `subscribesTo` does; DIRECT_ONLY_EVENTS are checked by the caller;
 * - ids are UUID v7 like every other id: `idBase` is a fresh one, and row n (webhooks in id
 *   order) gets n in hex in its last 6 digits (random bits of the v7 layout), so they stay unique,
 *   time-ordered and in webhook order;
 * - `pg_notify` runs once per delivery row, but PostgreSQL folds identical notifications of one
 *   transaction into one, delivered at commit (as `signalNewDeliveries` does).
 * Returns the new delivery ids, in webhook order.
 */
export async function insertEventWithFanOut(
  trx: Kysely<Database>,
  event: { id: string; orgId: string; event: string; occurredAt: number; envelopeJson: string },
): Promise<string[]> {
  const { rows } = await trx.executeQuery<{ id: string }>(
    CompiledQuery.raw(
      `with event as (
         insert into events (id, org_id, event, occurred_at, envelope_json) values ($1, $2, $3, $4, $5)
       ),
       fanned as (
         insert into deliveries (id, org_id, webhook_id, event_id, event, status, attempt_count,
           next_attempt_at, created_at, updated_at)
         select overlay($6 placing lpad(to_hex(row_number() over (order by w.id)), 6, '0') from 31 for 6),
           $2, w.id, $1, $3, 'pending', 0, $4, $4, $4
         from webhooks w
         where w.org_id = $2 and w.enabled = 1 and w.deleted_at is null
           and jsonb_exists_any(w.events_json::jsonb, array[$3, '${ALL_EVENTS}'])
         returning id
       )
       select id, pg_notify($7 || current_schema(), '') from fanned`,
      [
        event.id,
        event.orgId,
        event.event,
        event.occurredAt,
        event.envelopeJson,
        newId(),
        DELIVERY_CHANNEL_PREFIX,
      ],
    ),
  )
  return rows.map((row) => row.id).sort()
}
