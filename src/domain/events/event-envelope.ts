/**
 * The envelope every event is stored and delivered in, exactly as spec/webhooks.txt shows it:
 * `{event, orgId, occurredAt, data}`. Its JSON text is fixed when the event is written, so every
 * delivery of the event carries the same bytes.
 */
export interface EventEnvelope<Name extends string = string, Data = unknown> {
  event: Name
  orgId: string
  /** ISO-8601 UTC with milliseconds, e.g. 2026-05-15T18:42:11.532Z. */
  occurredAt: string
  data: Data
}

/** Builds the envelope with the keys in the spec's order (the order is part of the bytes). */
export function buildEnvelope<Name extends string, Data>(
  event: Name,
  orgId: string,
  occurredAtMs: number,
  data: Data,
): EventEnvelope<Name, Data> {
  return { event, orgId, occurredAt: new Date(occurredAtMs).toISOString(), data }
}
