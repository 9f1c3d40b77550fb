/**
 * Webhook and delivery bodies as the webhook pages read them (src/api/routes/webhooks/
 * webhook-schemas.ts is the source). Fields the server added for the dashboard are optional
 * until every server the dashboard meets has them.
 */

export type WebhookTarget = 'generic' | 'slack' | 'teams'
export const WEBHOOK_TARGETS: readonly WebhookTarget[] = ['generic', 'slack', 'teams']

export const DELIVERY_STATES = ['pending', 'succeeded', 'failed', 'cancelled'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export interface LastDelivery {
  id: string
  event: string
  status: DeliveryState
  statusCode: number | null
  errorClass: string | null
  at: string
}

export interface Webhook {
  id: string
  url: string
  target: WebhookTarget
  events: string[]
  description: string | null
  enabled: boolean
  disabledReason: string | null
  secret_preview: string
  createdAt: string
  updatedAt: string
  lastDelivery?: LastDelivery | null
  /** Share of its latest finished deliveries that succeeded (0–1), null when none finished yet. */
  successRate?: number | null
  /** How many finished deliveries successRate is over. */
  recentDeliveries?: number
}

export interface WebhookWithSecret extends Webhook {
  secret: string
  previousSecretExpiresAt?: string | null
}

export interface Delivery {
  id: string
  webhookId: string
  eventId: string
  event: string
  status: DeliveryState
  attemptCount: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastErrorClass: string | null
  createdAt: string
  updatedAt: string
  completedAt: string | null
}

export interface DeliveryAttempt {
  number: number
  startedAt: string
  durationMs: number
  statusCode: number | null
  responseBody: string | null
  errorClass: string | null
  errorMessage: string | null
  /** The headers this attempt sent, signatures included; null for attempts logged before they were kept. */
  requestHeaders?: Record<string, string> | null
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: DeliveryAttempt[]
  /** The body as sent, byte for byte (the same on every attempt); null before the first attempt. */
  requestBody?: string | null
}

export interface TestOutcome {
  deliveryId: string
  status: 'succeeded' | 'failed'
  statusCode: number | null
  durationMs: number
  responseSnippet: string | null
  errorClass: string | null
}

export interface EventType {
  name: string
  description: string
}

/** Why a webhook is off, in words (disabledReason codes from the API). */
export function disabledReasonText(reason: string | null): string {
  if (reason === 'manual') return 'turned off by an admin'
  if (reason === 'gone') return 'the receiver answered 410 Gone'
  if (reason === 'failing') return 'no success for 5 days'
  return reason ?? 'disabled'
}

/** "98.5 % of the last 200", or null when no delivery has finished yet. */
export function successRateText(webhook: Webhook): string | null {
  if (webhook.successRate === undefined || webhook.successRate === null) return null
  const rate = `${Math.round(webhook.successRate * 1000) / 10} %`
  return webhook.recentDeliveries === undefined ? rate : `${rate} of the last ${webhook.recentDeliveries}`
}
