/**
 * The events Flowcerta delivers, as TypeScript types, and `parseEvent` to turn a raw body into one.
 *
 * The types mirror the JSON Schemas in src/domain/events/event-schemas.ts (the single source for
 * docs/events.md and GET /api/v1/event-types); events.test.ts fails when a field is added to or
 * removed from either side without the other. `parseEvent` validates against those same schemas.
 */
import { EVENT_TYPES } from '../../domain/events/event-schemas.js'
import { InvalidEventError } from './errors.js'
import type { RawBody } from './signatures.js'

export type Severity = 'critical' | 'high' | 'medium' | 'low'

/** Common to every event: `{event, orgId, occurredAt, data}`. */
export interface FlowcertaEnvelope<Name extends string, Data> {
  event: Name
  /** The organisation (UUID) the event belongs to. */
  orgId: string
  /** ISO-8601 UTC with milliseconds. */
  occurredAt: string
  data: Data
}

export interface SeveritySummary {
  critical: number
  high: number
  medium: number
  low: number
  total: number
}

export interface EventFinding {
  ruleId: string
  severity: Severity
  category: string
  location: string
  description: string
}

export interface ValidationCompletedData {
  validationId: string
  platform: string
  fileName: string
  label: string | null
  passed: boolean
  score: number
  enforcementMode: 'blocking' | 'advisory'
  policyPackSlug: string
  validatedAt: string
  summary: SeveritySummary
  /** The top 10 findings by severity; fetch GET /api/v1/results/{validationId} for all of them. */
  findings: EventFinding[]
}

export interface ValidationBelowThresholdData {
  validationId: string
  platform: string
  fileName: string
  label: string | null
  score: number
  threshold: number
  passed: boolean
  policyPackSlug: string
  validatedAt: string
  resultUrl: string
}

export interface ExceptionExpiringSoonData {
  exceptionId: string
  ruleId: string
  fileName: string
  location: string | null
  reason: string
  expiresAt: string
  daysRemaining: number
  requestedByEmail: string
}

export interface WebhookTestData {
  webhookId: string
  message: string
}

export type ValidationCompletedEvent = FlowcertaEnvelope<'validation.completed', ValidationCompletedData>
export type ValidationBelowThresholdEvent = FlowcertaEnvelope<
  'validation.below_threshold',
  ValidationBelowThresholdData
>
export type ExceptionExpiringSoonEvent = FlowcertaEnvelope<
  'exception.expiring_soon',
  ExceptionExpiringSoonData
>
export type WebhookTestEvent = FlowcertaEnvelope<'webhook.test', WebhookTestData>

/** Every event Flowcerta delivers; switch on `event` to narrow `data`. */
export type FlowcertaEvent =
  | ValidationCompletedEvent
  | ValidationBelowThresholdEvent
  | ExceptionExpiringSoonEvent
  | WebhookTestEvent

export type FlowcertaEventName = FlowcertaEvent['event']

/** The event names this version of the library knows. */
export const FLOWCERTA_EVENT_NAMES: readonly FlowcertaEventName[] = Object.freeze([
  'validation.completed',
  'validation.below_threshold',
  'exception.expiring_soon',
  'webhook.test',
])

/**
 * A well-formed envelope whose event this version of the library does not know (a newer
 * Flowcerta): carried as is, `data` unchecked. Acknowledge it with a 2xx so it is not retried.
 */
export interface UnknownEvent extends FlowcertaEnvelope<string, unknown> {}

/** Thrown by `parseEvent` for a well-formed envelope naming an event this library does not know. */
export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError'
  readonly code = 'unknown_event'
  constructor(readonly envelope: UnknownEvent) {
    super(`unknown event ${JSON.stringify(envelope.event)}`)
  }
}

export type SafeParseResult =
  | { ok: true; event: FlowcertaEvent }
  | { ok: false; error: UnknownEventError | InvalidEventError }

// ---------------------------------------------------------------------------------------------
// Validation: a small interpreter of the keywords the event schemas use. Extra fields are allowed
// (a receiver must keep working when Flowcerta adds a field); string formats (uuid, date-time,
// uri), patterns and maxItems are not enforced. Types, required fields, constants, enums and
// integer ranges are.

interface Schema {
  type?: string | readonly string[]
  const?: unknown
  enum?: readonly unknown[]
  required?: readonly string[]
  properties?: Readonly<Record<string, Schema>>
  items?: Schema
  minimum?: number
  maximum?: number
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'object':
      return typeOf(value) === 'object'
    default:
      return typeOf(value) === type
  }
}

function check(schema: Schema, value: unknown, pointer: string): string | null {
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type
    if (!types.some((type) => matchesType(value, type))) {
      return `${pointer || '/'}: expected ${types.join(' or ')}, got ${typeOf(value)}`
    }
  }
  if ('const' in schema && value !== schema.const)
    return `${pointer || '/'}: expected ${String(schema.const)}`
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return `${pointer || '/'}: expected one of ${schema.enum.join(', ')}`
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${pointer}: below ${schema.minimum}`
    if (schema.maximum !== undefined && value > schema.maximum) return `${pointer}: above ${schema.maximum}`
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(record, key)) return `${pointer}/${key}: required`
    }
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (!Object.hasOwn(record, key)) continue
      const problem = check(property, record[key], `${pointer}/${key}`)
      if (problem !== null) return problem
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [index, item] of value.entries()) {
      const problem = check(schema.items, item, `${pointer}/${index}`)
      if (problem !== null) return problem
    }
  }
  return null
}

const ENVELOPE_SCHEMA: Schema = {
  type: 'object',
  required: ['event', 'orgId', 'occurredAt', 'data'],
  properties: {
    event: { type: 'string' },
    orgId: { type: 'string' },
    occurredAt: { type: 'string' },
  },
}

const SCHEMAS: ReadonlyMap<string, Schema> = new Map(
  EVENT_TYPES.map((type) => [type.name, type.schema as Schema]),
)

function pointerOf(problem: string): string {
  const colon = problem.indexOf(':')
  const pointer = colon < 0 ? '' : problem.slice(0, colon)
  return pointer === '/' ? '' : pointer
}

/**
 * Parses and validates a delivery body into a typed event. Verify the signature first.
 *
 * @returns the event; `switch (event.event)` narrows `event.data`
 * @throws InvalidEventError (`code`: `invalid_json`, `invalid_envelope`, `invalid_data`) when
 *   the body is not JSON, not an `{event, orgId, occurredAt, data}` envelope, or a known event's
 *   data does not match its schema
 * @throws UnknownEventError (`code: 'unknown_event'`, the envelope on `.envelope`) for a
 *   well-formed envelope naming an event this version does not know
 */
export function parseEvent(rawBody: RawBody): FlowcertaEvent {
  let value: unknown
  try {
    const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8')
    value = JSON.parse(text)
  } catch {
    throw new InvalidEventError('invalid_json', 'the body is not JSON')
  }
  const envelopeProblem = check(ENVELOPE_SCHEMA, value, '')
  if (envelopeProblem !== null) {
    throw new InvalidEventError(
      'invalid_envelope',
      `not a Flowcerta event envelope: ${envelopeProblem}`,
      pointerOf(envelopeProblem),
    )
  }
  const envelope = value as UnknownEvent
  const schema = SCHEMAS.get(envelope.event)
  if (schema === undefined || !(FLOWCERTA_EVENT_NAMES as readonly string[]).includes(envelope.event)) {
    throw new UnknownEventError(envelope)
  }
  const problem = check(schema, value, '')
  if (problem !== null) {
    throw new InvalidEventError('invalid_data', `invalid ${envelope.event}: ${problem}`, pointerOf(problem))
  }
  return value as FlowcertaEvent
}

/** `parseEvent` without throwing: `{ok: true, event}` or `{ok: false, error}`. */
export function safeParseEvent(rawBody: RawBody): SafeParseResult {
  try {
    return { ok: true, event: parseEvent(rawBody) }
  } catch (error) {
    if (error instanceof UnknownEventError || error instanceof InvalidEventError) return { ok: false, error }
    return { ok: false, error: new InvalidEventError('invalid_json', 'the body could not be read') }
  }
}
