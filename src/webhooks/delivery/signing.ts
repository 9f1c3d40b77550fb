/**
 * Signatures on every delivery, over the exact body bytes sent:
 * - `X-Flowcerta-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body keyed by the UTF-8 bytes
 *   of the whole secret string as returned at creation (what the spec's receivers compute);
 * - Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`):
 *   HMAC-SHA256 of `id.timestamp.body`, keyed by the base64-decoded part after `whsec_`, as that
 *   spec says. During a secret rotation overlap the header carries one signature per secret.
 */
import { createHmac } from 'node:crypto'
import { VERSION } from '../../version.js'

const WHSEC_PREFIX = 'whsec_'

export const USER_AGENT = `Flowcerta-Webhooks/${VERSION}`

/** `sha256=` + hex HMAC-SHA256 of `body`, keyed by the UTF-8 bytes of the whole secret. */
export function signPayload(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`
}

/** The HMAC key Standard Webhooks derives from a secret: base64 after `whsec_`, else the UTF-8 bytes. */
export function standardWebhooksKey(secret: string): Buffer {
  if (secret.startsWith(WHSEC_PREFIX)) return Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64')
  return Buffer.from(secret, 'utf8')
}

/**
 * `standardWebhooksKey` once per secret: a worker signs with the same few secrets again and again,
 * and decoding the base64 per attempt was a few µs of each. Bounded (cleared when full).
 */
const standardKeys = new Map<string, Buffer>()
const STANDARD_KEYS_KEPT = 10_000

function cachedStandardWebhooksKey(secret: string): Buffer {
  let key = standardKeys.get(secret)
  if (key === undefined) {
    key = standardWebhooksKey(secret)
    if (standardKeys.size >= STANDARD_KEYS_KEPT) standardKeys.clear()
    standardKeys.set(secret, key)
  }
  return key
}

/** One `v1,<base64>` entry of the `webhook-signature` header. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', cachedStandardWebhooksKey(secret))
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64')
  return `v1,${mac}`
}

export interface SignedHeadersInput {
  deliveryId: string
  event: string
  target: string
  body: string
  /** The current secret: signs X-Flowcerta-Signature and the first Standard Webhooks entry. */
  secret: string
  /** The previous secret while the rotation overlap lasts; signs a second Standard Webhooks entry. */
  previousSecret: string | null
  /** Time of the attempt, epoch ms. */
  now: number
}

/** Every header a delivery attempt carries, in the spec's spelling. */
export function buildDeliveryHeaders(input: SignedHeadersInput): Record<string, string> {
  const timestamp = Math.floor(input.now / 1000)
  const signatures = [signStandardWebhook(input.secret, input.deliveryId, timestamp, input.body)]
  if (input.previousSecret !== null && input.previousSecret !== input.secret) {
    signatures.push(signStandardWebhook(input.previousSecret, input.deliveryId, timestamp, input.body))
  }
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Flowcerta-Event': input.event,
    'X-Flowcerta-Delivery': input.deliveryId,
    'X-Flowcerta-Signature': signPayload(input.secret, input.body),
    'X-Flowcerta-Target': input.target,
    'webhook-id': input.deliveryId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  }
}
