/** JSON Schemas and body builders for webhooks and their delivery log (shared by the webhook routes). */
import { WEBHOOK_TARGETS } from '../../../domain/webhook-targets.js'
import { DELIVERY_STATES } from '../../../store/delivery-lifecycle.js'
import type { DeliveryAttempt, DeliverySummary } from '../../../store/delivery-log.js'
import type { Webhook } from '../../../store/webhooks.js'
import { EXAMPLE_IDS, EXAMPLE_TIME } from '../../schemas/common-schemas.js'

const isoTime = { type: 'string', format: 'date-time' } as const
const isoOrNull = { type: ['string', 'null'], format: 'date-time' } as const

const iso = (ms: number): string => new Date(ms).toISOString()
const isoNullable = (ms: number | null): string | null => (ms === null ? null : iso(ms))

const exampleWebhook = {
  id: EXAMPLE_IDS.webhook,
  url: 'https://tickets.example.com/hooks/flowcerta',
  target: 'generic',
  events: ['validation.completed', 'exception.expiring_soon'],
  description: 'Ticketing',
  enabled: true,
  disabledReason: null,
  secret_preview: 'whsec_Mf…k9Q',
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
}

/** The webhook as every read shows it. It has no `secret` property, so a read can never carry one. */
export const webhookSchema = {
  description: 'The webhook (never its secret).',
  type: 'object',
  required: [
    'id',
    'url',
    'target',
    'events',
    'description',
    'enabled',
    'disabledReason',
    'secret_preview',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    target: { type: 'string', enum: [...WEBHOOK_TARGETS] },
    events: { type: 'array', items: { type: 'string' } },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    disabledReason: {
      type: ['string', 'null'],
      description:
        '`manual` (turned off by an admin), `gone` (the receiver answered 410) or `failing` (5 days without a success).',
    },
    secret_preview: {
      type: 'string',
      description: 'The first and last characters of the secret, to recognise it.',
    },
    createdAt: isoTime,
    updatedAt: isoTime,
  },
  examples: [exampleWebhook],
} as const

/** The 201 of create and the 200 of rotate-secret: the only bodies that carry the secret. */
export const webhookWithSecretSchema = {
  ...webhookSchema,
  description: 'The webhook with its signing secret, shown this once.',
  required: [...webhookSchema.required, 'secret'],
  properties: {
    ...webhookSchema.properties,
    secret: {
      type: 'string',
      description: 'The signing secret (`whsec_…`). Store it now: it is never shown again.',
    },
    previousSecretExpiresAt: {
      ...isoOrNull,
      description:
        'After a rotation: until then the Standard Webhooks header is also signed with the previous secret.',
    },
  },
  examples: [
    {
      ...exampleWebhook,
      secret: 'whsec_MfKQ9r3zJ0d5oVbC2xWq8Lr1pN6tYh4sGa7uEi0k9Q',
      previousSecretExpiresAt: null,
    },
  ],
} as const

export function toWebhookBody(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    target: webhook.target,
    events: webhook.events,
    description: webhook.description,
    enabled: webhook.enabled,
    disabledReason: webhook.disabledReason,
    secret_preview: webhook.secretPreview,
    createdAt: iso(webhook.createdAt),
    updatedAt: iso(webhook.updatedAt),
  }
}

const exampleDelivery = {
  id: EXAMPLE_IDS.delivery,
  webhookId: EXAMPLE_IDS.webhook,
  eventId: EXAMPLE_IDS.event,
  event: 'validation.completed',
  status: 'succeeded',
  attemptCount: 1,
  nextAttemptAt: null,
  lastStatusCode: 200,
  lastErrorClass: null,
  createdAt: EXAMPLE_TIME,
  updatedAt: '2026-05-15T18:00:00.412Z',
  completedAt: '2026-05-15T18:00:00.412Z',
}

export const deliverySchema = {
  description: 'The delivery.',
  type: 'object',
  required: [
    'id',
    'webhookId',
    'eventId',
    'event',
    'status',
    'attemptCount',
    'nextAttemptAt',
    'lastStatusCode',
    'lastErrorClass',
    'createdAt',
    'updatedAt',
    'completedAt',
  ],
  properties: {
    id: {
      type: 'string',
      format: 'uuid',
      description: 'Also the X-Flowcerta-Delivery header, the same on every retry.',
    },
    webhookId: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid' },
    event: { type: 'string' },
    status: { type: 'string', enum: [...DELIVERY_STATES] },
    attemptCount: { type: 'integer' },
    nextAttemptAt: {
      ...isoOrNull,
      description:
        'When a pending delivery is tried next. While an attempt is in flight, the end of its lease: the time it would be tried again if that attempt were never recorded. Null once finished.',
    },
    lastStatusCode: { type: ['integer', 'null'] },
    lastErrorClass: { type: ['string', 'null'] },
    createdAt: isoTime,
    updatedAt: isoTime,
    completedAt: isoOrNull,
  },
  examples: [exampleDelivery],
} as const

const exampleAttempt = {
  number: 1,
  startedAt: '2026-05-15T18:00:00.101Z',
  durationMs: 311,
  statusCode: 200,
  responseBody: '{"ok":true}',
  errorClass: null,
  errorMessage: null,
}

export const deliveryAttemptSchema = {
  type: 'object',
  required: ['number', 'startedAt', 'durationMs', 'statusCode', 'responseBody', 'errorClass', 'errorMessage'],
  properties: {
    number: { type: 'integer' },
    startedAt: isoTime,
    durationMs: { type: 'integer' },
    statusCode: { type: ['integer', 'null'] },
    responseBody: { type: ['string', 'null'], description: 'The first 64 KiB of the response body.' },
    errorClass: {
      type: ['string', 'null'],
      description:
        'e.g. `timeout`, `connection_refused`, `tls`, `ssrf_blocked`; null when a response arrived.',
    },
    errorMessage: { type: ['string', 'null'] },
  },
  examples: [exampleAttempt],
} as const

export const deliveryWithAttemptsSchema = {
  ...deliverySchema,
  description: 'The delivery with every attempt.',
  required: [...deliverySchema.required, 'attempts'],
  properties: { ...deliverySchema.properties, attempts: { type: 'array', items: deliveryAttemptSchema } },
  examples: [{ ...exampleDelivery, attempts: [exampleAttempt] }],
} as const

export function toDeliveryBody(delivery: DeliverySummary) {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    event: delivery.event,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    nextAttemptAt: isoNullable(delivery.nextAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastErrorClass: delivery.lastErrorClass,
    createdAt: iso(delivery.createdAt),
    updatedAt: iso(delivery.updatedAt),
    completedAt: isoNullable(delivery.completedAt),
  }
}

export function toAttemptBody(attempt: DeliveryAttempt) {
  return {
    number: attempt.number,
    startedAt: iso(attempt.startedAt),
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode,
    responseBody: attempt.responseBody,
    errorClass: attempt.errorClass,
    errorMessage: attempt.errorMessage,
  }
}
