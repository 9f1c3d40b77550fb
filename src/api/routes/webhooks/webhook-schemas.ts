/** JSON Schemas and body builders for webhooks and their delivery log (shared by the webhook routes). */
import { WEBHOOK_TARGETS } from '../../../domain/webhook-targets.js'
import { DELIVERY_STATES } from '../../../store/delivery-lifecycle.js'
import {
  type DeliveryAttempt,
  type DeliverySummary,
  SUCCESS_RATE_WINDOW,
  type WebhookDeliveryStats,
} from '../../../store/delivery-log.js'
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
  lastDelivery: {
    id: EXAMPLE_IDS.delivery,
    event: 'validation.completed',
    status: 'succeeded',
    statusCode: 200,
    errorClass: null,
    at: '2026-05-15T18:00:00.412Z',
  },
  successRate: 0.98,
  recentDeliveries: 100,
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
    'lastDelivery',
    'successRate',
    'recentDeliveries',
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
    lastDelivery: {
      description:
        'Its newest delivery attempted at least once (test deliveries included), or null: the outcome of its last attempt.',
      type: ['object', 'null'],
      required: ['id', 'event', 'status', 'statusCode', 'errorClass', 'at'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        event: { type: 'string' },
        status: { type: 'string', enum: [...DELIVERY_STATES] },
        statusCode: { type: ['integer', 'null'] },
        errorClass: { type: ['string', 'null'] },
        at: { ...isoTime, description: 'When the delivery last changed (its last attempt was recorded).' },
      },
    },
    successRate: {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      description: `Succeeded ÷ finished (succeeded or failed) over its latest ${SUCCESS_RATE_WINDOW} finished deliveries; null when none has finished.`,
    },
    recentDeliveries: {
      type: 'integer',
      description: `How many finished deliveries successRate is over (at most ${SUCCESS_RATE_WINDOW}).`,
    },
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

export function toWebhookBody(webhook: Webhook, stats: WebhookDeliveryStats) {
  const last = stats.lastDelivery
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
    lastDelivery: last === null ? null : { ...last, at: iso(last.at) },
    successRate: stats.successRate,
    recentDeliveries: stats.recentDeliveries,
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
  requestHeaders: {
    'Content-Type': 'application/json',
    'User-Agent': 'Flowcerta-Webhooks/0.1.0',
    'X-Flowcerta-Event': 'validation.completed',
    'X-Flowcerta-Delivery': EXAMPLE_IDS.delivery,
    'X-Flowcerta-Signature': 'sha256=5d1c0f4e9b2a7c3d8e6f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d',
    'X-Flowcerta-Target': 'generic',
    'webhook-id': EXAMPLE_IDS.delivery,
    'webhook-timestamp': '1778868000',
    'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
}

export const deliveryAttemptSchema = {
  type: 'object',
  required: [
    'number',
    'startedAt',
    'durationMs',
    'statusCode',
    'responseBody',
    'errorClass',
    'errorMessage',
    'requestHeaders',
  ],
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
    requestHeaders: {
      type: ['object', 'null'],
      additionalProperties: { type: 'string' },
      description:
        'The headers this attempt sent, signatures included (X-Flowcerta-Signature over the body; webhook-signature over `id.timestamp.body`): a receiver verifies them against requestBody with the secret. The HTTP client adds Host, Content-Length and Connection. Null for attempts recorded before they were kept.',
    },
  },
  examples: [exampleAttempt],
} as const

export const deliveryWithAttemptsSchema = {
  ...deliverySchema,
  description: 'The delivery with every attempt, and the request it sends.',
  required: [...deliverySchema.required, 'requestBody', 'attempts'],
  properties: {
    ...deliverySchema.properties,
    requestBody: {
      type: ['string', 'null'],
      description:
        'The body as sent, byte for byte (the same on every attempt and redelivery); null until the first attempt fixes a Slack or Teams body.',
    },
    attempts: { type: 'array', items: deliveryAttemptSchema },
  },
  examples: [
    {
      ...exampleDelivery,
      requestBody: '{"id":"0196d4a2-7c16-7e0b-8f3c-3a2b1c0d9e07","type":"validation.completed","…":"…"}',
      attempts: [exampleAttempt],
    },
  ],
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
    requestHeaders: attempt.requestHeaders,
  }
}
