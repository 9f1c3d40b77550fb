/**
 * The event outbox. Every event is written here, inside the transaction of the change that caused
 * it, by `recordEvent` — the one function every producer calls. The webhook engine reads from
 * here (and fans each event out to subscribed webhooks in the same transaction).
 */
import type { Kysely } from 'kysely'
import type { EventEnvelope } from '../domain/events/event-envelope.js'
import { newId } from '../domain/ids.js'
import { SPAN_NAMES, withSpan } from '../tracing/spans.js'
import type { Database } from './database.js'
import { signalNewDeliveries } from './delivery-wake-signal.js'
import type { StoreCapabilities } from './store.js'
import { type EventRow, fanOutEvents, insertEvents, insertEventsWithFanOut } from './webhook-fan-out.js'

/** An event as stored (its envelope JSON text is byte for byte what generic receivers get). */
export type StoredEvent = EventRow

/** An event just written, with the deliveries it fanned out to. */
export interface RecordedEvent extends StoredEvent {
  /** One pending delivery per enabled webhook of the org subscribed to the event. */
  deliveryIds: string[]
}

/** What recordEvent needs to know of the engine. */
export type RecordEventCapabilities = Pick<
  StoreCapabilities,
  'supportsListenNotify' | 'supportsWritableCtes' | 'sqlPlaceholders'
>

/**
 * Writes the event and its deliveries (one pending row per enabled, subscribed webhook of the org,
 * due at occurredAt); call it with the transaction of the change that caused it, so the change,
 * the event and its deliveries commit together or not at all. With tracing on, this is the span
 * (`flowcerta.outbox.record`) whose context the deliveries keep, so every attempt joins its trace.
 */
export async function recordEvent(
  trx: Kysely<Database>,
  capabilities: RecordEventCapabilities,
  envelope: EventEnvelope,
): Promise<RecordedEvent> {
  const [recorded] = await recordEvents(trx, capabilities, [envelope])
  return recorded!
}

/**
 * `recordEvent` for several events at once (a producer with a batch): on PostgreSQL one statement
 * for all of them, events, deliveries and wake-up (webhook-fan-out.ts `insertEventsWithFanOut`);
 * elsewhere one event after the other. Returns them in the order given.
 */
export function recordEvents(
  trx: Kysely<Database>,
  capabilities: RecordEventCapabilities,
  envelopes: readonly EventEnvelope[],
): Promise<RecordedEvent[]> {
  // One outbox span for the batch (a validation's events are one call): its traceparent is what
  // every delivery row keeps, so each attempt joins the trace of the change that caused it.
  return withSpan(
    SPAN_NAMES.outboxRecord,
    {
      attributes: {
        'flowcerta.event': [...new Set(envelopes.map((envelope) => envelope.event))].join(','),
        'flowcerta.org_id': envelopes[0]?.orgId ?? '',
      },
    },
    async (span) => {
      const recorded = await writeEvents(trx, capabilities, envelopes)
      span?.setAttributes({
        'flowcerta.event_id': recorded.map((event) => event.id).join(','),
        'flowcerta.deliveries': recorded.reduce((sum, event) => sum + event.deliveryIds.length, 0),
      })
      return recorded
    },
  )
}

async function writeEvents(
  trx: Kysely<Database>,
  capabilities: RecordEventCapabilities,
  envelopes: readonly EventEnvelope[],
): Promise<RecordedEvent[]> {
  const stored: StoredEvent[] = envelopes.map((envelope) => ({
    id: newId(),
    orgId: envelope.orgId,
    event: envelope.event,
    occurredAt: Date.parse(envelope.occurredAt),
    envelopeJson: JSON.stringify(envelope),
  }))
  if (capabilities.supportsWritableCtes) {
    const deliveryIds = await insertEventsWithFanOut(trx, stored)
    return stored.map((event) => ({ ...event, deliveryIds: deliveryIds.get(event.id)! }))
  }
  // Elsewhere (SQLite): the events in one INSERT, then their deliveries (fanOutEvents).
  await insertEvents(trx, capabilities, stored)
  const deliveryIds = await fanOutEvents(trx, capabilities, stored)
  // Workers wake when this transaction commits, not at their next poll.
  if ([...deliveryIds.values()].some((ids) => ids.length > 0)) await signalNewDeliveries(trx, capabilities)
  return stored.map((event) => ({ ...event, deliveryIds: deliveryIds.get(event.id)! }))
}

/** Events of an org, newest first (tests and the event log). */
export async function listEvents(
  db: Kysely<Database>,
  query: { orgId: string; event?: string | undefined; limit?: number | undefined },
): Promise<StoredEvent[]> {
  let select = db.selectFrom('events').selectAll().where('org_id', '=', query.orgId)
  if (query.event !== undefined) select = select.where('event', '=', query.event)
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit ?? 1000)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    event: row.event,
    occurredAt: row.occurred_at,
    envelopeJson: row.envelope_json,
  }))
}
