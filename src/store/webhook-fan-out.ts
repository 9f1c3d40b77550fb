/**
 * The outbox fan-out: one pending delivery row per enabled, live webhook of the event's org
 * subscribed to it, written in the event's transaction by `recordEvents` (events.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely'
import { DIRECT_ONLY_EVENTS } from '../domain/events/webhook-test-event.js'
import { newId } from '../domain/ids.js'
import { activeTraceparent } from '../tracing/spans.js'
import { jsonFromDb } from './codec.js'
import type { Database } from './database.js'
import { pendingDelivery } from './delivery-lifecycle.js'
import { DELIVERY_CHANNEL_PREFIX } from './delivery-wake-signal.js'
import { placeholders, runSqlText, type SqlTextCapabilities } from './sql-text.js'

/** Subscribing to this matches every event that fans out. */
export const ALL_EVENTS = '*'

/**
 * Delivery rows per INSERT of `fanOutEvents`: 11 parameters a row, 5,500 a statement, far under
 * SQLite's 32,766; a full chunk is always the same text, so its prepared statement is reused.
 */
const FAN_OUT_BATCH = 500
/** Event rows per INSERT of `insertEvents` (5 parameters a row). */
const EVENT_INSERT_BATCH = 500

/** True when a subscription list takes the event. */
export function subscribesTo(events: readonly string[], event: string): boolean {
  if (DIRECT_ONLY_EVENTS.includes(event)) return false
  return events.includes(ALL_EVENTS) || events.includes(event)
}

/**
 * Stores without writable CTEs (SQLite): the events' rows, one multi-row INSERT per
 * EVENT_INSERT_BATCH, written as SQL text (sql-text.ts: Kysely's builder cost more per bound value
 * than SQLite spent running the statement). Call it before `fanOutEvents` (deliveries reference
 * their event).
 */
export async function insertEvents(
  trx: Kysely<Database>,
  capabilities: SqlTextCapabilities,
  events: readonly EventRow[],
): Promise<void> {
  for (let start = 0; start < events.length; start += EVENT_INSERT_BATCH) {
    const chunk = events.slice(start, start + EVENT_INSERT_BATCH)
    const values: unknown[] = []
    for (const event of chunk)
      values.push(event.id, event.orgId, event.event, event.occurredAt, event.envelopeJson)
    await runSqlText(
      trx,
      capabilities,
      `insert into events (id, org_id, event, occurred_at, envelope_json)
       values ${Array.from({ length: chunk.length }, () => '(?, ?, ?, ?, ?)').join(', ')}`,
      values,
    )
  }
}

/**
 * Writes one pending delivery per enabled, live webhook of each event's org subscribed to it; call
 * it inside the events' transaction, after their rows (recordEvents does, on stores without
 * writable CTEs — PostgreSQL uses `insertEventsWithFanOut`). Each org's enabled webhooks are read
 * once for the whole batch, and the rows go in multi-row INSERTs of SQL text: a batch of 500
 * events to 8 webhooks is one read and eight INSERTs, not 500 reads and 500 INSERTs (the
 * per-event form was most of the enqueue's CPU in `npm run bench:queues`). The subscription match
 * is done here rather than in SQL because `events_json` is JSON text and a LIKE on it would have
 * to escape `_`. Each row keeps the active span's traceparent (null with tracing off), so its
 * attempts continue the trace that wrote it. The columns are those `insertEventsWithFanOut` writes
 * (the shape of `pendingDelivery`; the rest are null). Returns each event's new delivery ids, in
 * webhook order.
 */
export async function fanOutEvents(
  trx: Kysely<Database>,
  capabilities: SqlTextCapabilities,
  events: readonly EventRow[],
): Promise<Map<string, string[]>> {
  const byEvent = new Map<string, string[]>(events.map((event) => [event.id, []]))
  const webhooksByOrg = new Map<string, { id: string; events: string[] }[]>()
  for (const { orgId, event } of events) {
    if (webhooksByOrg.has(orgId) || DIRECT_ONLY_EVENTS.includes(event)) continue
    const webhooks = await trx
      .selectFrom('webhooks')
      .select(['id', 'events_json'])
      .where('org_id', '=', orgId)
      .where('enabled', '=', 1)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute()
    webhooksByOrg.set(
      orgId,
      webhooks.map((webhook) => ({ id: webhook.id, events: jsonFromDb<string[]>(webhook.events_json) })),
    )
  }
  const traceContext = activeTraceparent()
  const values: unknown[] = []
  for (const event of events) {
    const ids = byEvent.get(event.id)!
    for (const webhook of webhooksByOrg.get(event.orgId) ?? []) {
      if (!subscribesTo(webhook.events, event.event)) continue
      const id = newId()
      ids.push(id)
      const row = pendingDelivery(event, webhook.id, id, traceContext)
      values.push(
        row.id,
        row.org_id,
        row.webhook_id,
        row.event_id,
        row.event,
        row.status,
        row.attempt_count,
        row.next_attempt_at,
        row.created_at,
        row.updated_at,
        row.trace_context,
      )
    }
  }
  const rowCount = values.length / DELIVERY_COLUMNS
  for (let start = 0; start < rowCount; start += FAN_OUT_BATCH) {
    const count = Math.min(FAN_OUT_BATCH, rowCount - start)
    await runSqlText(
      trx,
      capabilities,
      `insert into deliveries (id, org_id, webhook_id, event_id, event, status, attempt_count,
         next_attempt_at, created_at, updated_at, trace_context)
       values ${Array.from({ length: count }, () => `(${placeholders(DELIVERY_COLUMNS)})`).join(', ')}`,
      values.slice(start * DELIVERY_COLUMNS, (start + count) * DELIVERY_COLUMNS),
    )
  }
  return byEvent
}

/** Columns `fanOutEvents` writes per delivery row. */
const DELIVERY_COLUMNS = 11

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
 * `recordEvents` writes elsewhere with `fanOutEvents` (the shape of `pendingDelivery`):
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
        // The outbox span's traceparent (recordEvents), as fanOutEvents stores it: null when off.
        activeTraceparent(),
      ],
    ),
  )
  for (const row of rows) byEvent.get(row.event_id)!.push(row.id)
  for (const ids of byEvent.values()) ids.sort()
  return byEvent
}
