/**
 * The outbox fan-out: one pending delivery row per enabled, live webhook of the event's org
 * subscribed to it, written in the event's transaction by `recordEvent` (events.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely'
import { DIRECT_ONLY_EVENTS } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import { activeTraceparent } from '../tracing/spans.js'
import { jsonFromDb } from './codec.js'
import type { Database, DeliveriesTable } from './database.js'
import { pendingDelivery } from './delivery-lifecycle.js'
import { DELIVERY_CHANNEL_PREFIX } from './delivery-wake-signal.js'

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

/** An event as the outbox stores it. */
export interface EventRow {
  id: string
  orgId: string
  event: string
  occurredAt: number
  /** The envelope's JSON text, byte for byte what receivers get in a generic delivery. */
  envelopeJson: string
}

/**
 * PostgreSQL (capability `supportsWritableCtes`): the events' rows, their deliveries and the
 * workers' wake-up in one statement, whatever the number of events — one round trip instead of
 * four per event (event INSERT, webhook SELECT, deliveries INSERT, NOTIFY). Same rows as
 * `recordEvent` writes elsewhere with `fanOutEvent` (the shape of `pendingDelivery`):
 * - the subscription match is `jsonb_exists_any` on `events_json` (an array of event names or
 *   `*`), as `subscribesTo` does; events in DIRECT_ONLY_EVENTS are stored and not fanned out;
 * - ids are UUID v7 like every other id: each event gets a fresh one as its base, and its row n
 *   (webhooks in id order) gets n in hex in the last 6 digits (random bits of the v7 layout), so
 *   they stay unique, time-ordered and in webhook order;
 * - `pg_notify` runs once per delivery row, but PostgreSQL folds identical notifications of one
 *   transaction into one, delivered at commit (as `signalNewDeliveries` does).
 * Returns each event's new delivery ids, in webhook order.
 */
export async function insertEventsWithFanOut(
  trx: Kysely<Database>,
  events: readonly EventRow[],
): Promise<Map<string, string[]>> {
  const byEvent = new Map<string, string[]>(events.map((event) => [event.id, []]))
  if (events.length === 0) return byEvent
  const column = <T>(pick: (event: EventRow) => T): T[] => events.map(pick)
  const { rows } = await trx.executeQuery<{ id: string; event_id: string }>(
    CompiledQuery.raw(
      `with input as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::bool[])
           as e(id, org_id, event, occurred_at, envelope_json, id_base, fans_out)
       ),
       stored as (
         insert into events (id, org_id, event, occurred_at, envelope_json)
         select id, org_id, event, occurred_at, envelope_json from input
       ),
       fanned as (
         insert into deliveries (id, org_id, webhook_id, event_id, event, status, attempt_count,
           next_attempt_at, created_at, updated_at, trace_context)
         select overlay(e.id_base placing lpad(to_hex(row_number() over (partition by e.id order by w.id)), 6, '0')
             from 31 for 6),
           e.org_id, w.id, e.id, e.event, 'pending', 0, e.occurred_at, e.occurred_at, e.occurred_at,
           $9::text
         from input e
         join webhooks w on w.org_id = e.org_id and w.enabled = 1 and w.deleted_at is null
           and jsonb_exists_any(w.events_json::jsonb, array[e.event, '${ALL_EVENTS}'])
         where e.fans_out
         returning id, event_id
       )
       select id, event_id, pg_notify($8 || current_schema(), '') from fanned`,
      [
        column((e) => e.id),
        column((e) => e.orgId),
        column((e) => e.event),
        column((e) => e.occurredAt),
        column((e) => e.envelopeJson),
        column(() => newId()),
        column((e) => !DIRECT_ONLY_EVENTS.includes(e.event)),
        DELIVERY_CHANNEL_PREFIX,
        // The outbox span's traceparent (recordEvents), as fanOutEvent stores it: null when off.
        activeTraceparent(),
      ],
    ),
  )
  for (const row of rows) byEvent.get(row.event_id)!.push(row.id)
  for (const ids of byEvent.values()) ids.sort()
  return byEvent
}
