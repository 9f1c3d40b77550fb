/** The one check both middlewares run: signature per the chosen scheme, then the event. */
import { InvalidEventError, WebhookVerificationError } from './errors.js'
import { type FlowcertaEvent, parseEvent, type UnknownEvent, UnknownEventError } from './events.js'
import {
  type HeadersLike,
  headerValue,
  type SecretOrSecrets,
  verifySignature,
  verifyStandardWebhook,
} from './signatures.js'

export interface WebhookReceiverOptions {
  /** The webhook secret, or during a rotation both the new and the old one. */
  secret: SecretOrSecrets
  /**
   * Which signature to require. `x-flowcerta-signature` (default): the `sha256=<hex>` header.
   * `standard-webhooks`: the `webhook-*` headers, with the timestamp tolerance below.
   */
  scheme?: 'x-flowcerta-signature' | 'standard-webhooks'
  /** Standard Webhooks only: allowed clock difference in seconds, both ways. Default 300. */
  toleranceSeconds?: number
  /** Largest body accepted, in bytes. Default 1 MiB (Flowcerta bodies are far smaller). */
  bodyLimitBytes?: number
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

/** What the middlewares attach to the request once the delivery verified. */
export interface VerifiedDelivery {
  /** X-Flowcerta-Delivery (or webhook-id): dedupe on it, redeliveries reuse it. */
  deliveryId: string | undefined
  rawBody: Buffer
  /** The parsed event, or undefined for an event this library does not know (see `unknownEvent`). */
  event: FlowcertaEvent | undefined
  /** A well-formed envelope of an event this library does not know; acknowledge it with a 2xx. */
  unknownEvent: UnknownEvent | undefined
}

export type DeliveryCheck =
  | { ok: true; delivery: VerifiedDelivery }
  | { ok: false; status: 400 | 401; error: string; message: string }

export function checkDelivery(
  rawBody: Buffer,
  headers: HeadersLike,
  options: WebhookReceiverOptions,
): DeliveryCheck {
  if (options.scheme === 'standard-webhooks') {
    try {
      verifyStandardWebhook(rawBody, headers, options.secret, {
        ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      })
    } catch (error) {
      const code = error instanceof WebhookVerificationError ? error.code : 'no_matching_signature'
      return { ok: false, status: 401, error: code, message: 'webhook signature verification failed' }
    }
  } else if (!verifySignature(rawBody, headerValue(headers, 'x-flowcerta-signature'), options.secret)) {
    return {
      ok: false,
      status: 401,
      error: 'invalid_signature',
      message: 'webhook signature verification failed',
    }
  }
  const deliveryId = headerValue(headers, 'x-flowcerta-delivery') ?? headerValue(headers, 'webhook-id')
  try {
    const event = parseEvent(rawBody)
    return { ok: true, delivery: { deliveryId, rawBody, event, unknownEvent: undefined } }
  } catch (error) {
    if (error instanceof UnknownEventError) {
      return { ok: true, delivery: { deliveryId, rawBody, event: undefined, unknownEvent: error.envelope } }
    }
    const code = error instanceof InvalidEventError ? error.code : 'invalid_json'
    const message = error instanceof Error ? error.message : 'invalid event'
    return { ok: false, status: 400, error: code, message }
  }
}
