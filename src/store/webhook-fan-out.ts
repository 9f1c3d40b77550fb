/**
 * The outbox fan-out: one pending delivery row per enabled, live webhook of the event's org
 * subscribed to it, written in the event's transaction by `recordEvent` (events.ts).
 */
import type { Kysely } from 'kysely'
import { DIRECT_ONLY_EVENTS } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import { activeTraceparent } from '../tracing/spans.js'
import { jsonFromDb } from './codec.js'
import type { Database, DeliveriesTable } from './database.js'
import { pendingDelivery } from './delivery-lifecycle.js'

/** Subscribing to this matches every event that fans out. */
export const ALL_EVENTS = '*'

/** Rows per INSERT: well under SQLite's 32766 bound parameters at 18 columns a row. */
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
 * would have to escape `_`. Each row keeps the active span's traceparent (null with tracing off),
 * so its attempts continue the trace that wrote it. Returns the new delivery ids, in webhook order.
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
  const traceContext = activeTraceparent()
  for (const webhook of webhooks) {
    if (!subscribesTo(jsonFromDb<string[]>(webhook.events_json), event.event)) continue
    rows.push(pendingDelivery(event, webhook.id, newId(), traceContext))
  }
  for (let start = 0; start < rows.length; start += FAN_OUT_BATCH) {
    await trx
      .insertInto('deliveries')
      .values(rows.slice(start, start + FAN_OUT_BATCH))
      .execute()
  }
  return rows.map((row) => row.id)
}
