/**
 * Signature checks for Flowcerta deliveries. Two independent schemes are on every delivery:
 *
 * - `X-Flowcerta-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body, keyed by the UTF-8 bytes
 *   of the whole secret string exactly as Flowcerta returned it (`whsec_…` included).
 * - Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> …`):
 *   HMAC-SHA256 of `<id>.<timestamp>.<body>`, keyed by the base64-decoded part after `whsec_`.
 *   During a secret rotation the header carries one signature per live secret, space-separated.
 *
 * Both compare in constant time (crypto.timingSafeEqual on equal-length digests) and check every
 * secret given, so the time taken does not depend on which secret or how much of a signature matched.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { WebhookVerificationError } from './errors.js'

/** A raw request body: exactly the bytes received, before any JSON parsing. */
export type RawBody = string | Uint8Array

/** One secret, or several while a rotation is in progress (any of them may match). */
export type SecretOrSecrets = string | readonly string[]

/**
 * Request headers: Node's `req.headers` (lower-case keys, string or string[] values), any plain
 * record (looked up case-insensitively), or a fetch `Headers`.
 */
export type HeadersLike =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null }

const WHSEC_PREFIX = 'whsec_'
const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/
const DEFAULT_TOLERANCE_SECONDS = 5 * 60

function bodyBytes(rawBody: RawBody): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody)
}

function secretList(secretOrSecrets: SecretOrSecrets): string[] {
  const list: unknown[] =
    typeof secretOrSecrets === 'string'
      ? [secretOrSecrets]
      : Array.isArray(secretOrSecrets)
        ? secretOrSecrets
        : []
  return list.filter((secret): secret is string => typeof secret === 'string' && secret !== '')
}

/** Compares every candidate against `given`: no early exit on the first match. */
function anyEqual(given: Buffer, candidates: readonly Buffer[]): boolean {
  let matched = false
  for (const candidate of candidates) {
    if (candidate.length === given.length && timingSafeEqual(candidate, given)) matched = true
  }
  return matched
}

/**
 * Checks `X-Flowcerta-Signature` (`sha256=<hex>`) against the raw body.
 *
 * @param rawBody the exact bytes received (a Buffer from `express.raw`, or the string they decode to)
 * @param signatureHeader the header value; a missing, repeated or malformed header is simply `false`
 * @param secretOrSecrets the webhook secret, or during a rotation both the new and the old one
 * @returns true when the signature matches one of the secrets. Never throws on its inputs.
 */
export function verifySignature(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secretOrSecrets: SecretOrSecrets,
): boolean {
  try {
    if (typeof signatureHeader !== 'string') return false
    const match = SIGNATURE_HEADER.exec(signatureHeader.trim())
    if (match === null) return false
    const given = Buffer.from(match[1]!, 'hex')
    const body = bodyBytes(rawBody)
    const expected = secretList(secretOrSecrets).map((secret) =>
      createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest(),
    )
    return anyEqual(given, expected)
  } catch {
    return false
  }
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback
}

/** The Standard Webhooks HMAC key of a secret: base64 after `whsec_`, else the UTF-8 bytes. */
function standardWebhooksKey(secret: string): Buffer {
  if (secret.startsWith(WHSEC_PREFIX)) return Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64')
  return Buffer.from(secret, 'utf8')
}

/** A header from any HeadersLike, case-insensitively; the first value when repeated. */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  const lower = name.toLowerCase()
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(lower)
    return value ?? undefined
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>
  let value = record[lower]
  if (value === undefined) {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower)
    if (key !== undefined) value = record[key]
  }
  if (typeof value === 'string') return value
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0]
  return undefined
}

export interface StandardWebhookOptions {
  /**
   * How far `webhook-timestamp` may be from now, in either direction. Default 300 (5 minutes);
   * a value that is not a finite number ≥ 0 is ignored (the default applies).
   */
  toleranceSeconds?: number
  /** The current time in epoch seconds (tests, replays of stored requests). Default: the clock. */
  nowSeconds?: number
}

export interface VerifiedStandardWebhook {
  /** `webhook-id`: the delivery id, the same as X-Flowcerta-Delivery. Dedupe on it. */
  id: string
  /** `webhook-timestamp`, epoch seconds. */
  timestamp: number
}

/**
 * Verifies the Standard Webhooks headers of a delivery.
 *
 * Checks that `webhook-id`, `webhook-timestamp` and `webhook-signature` are present, that the
 * timestamp is within `toleranceSeconds` of now in either direction (replayed or future-dated
 * requests fail), and that at least one of the space-separated `v1,<base64>` signatures matches
 * one of the secrets (so both the old and the new secret verify during a rotation).
 *
 * @returns the delivery id and timestamp when the request is genuine
 * @throws WebhookVerificationError (with a `code`) when it is not; no other error is thrown on
 *   any input
 */
export function verifyStandardWebhook(
  rawBody: RawBody,
  headers: HeadersLike,
  secret: SecretOrSecrets,
  options: StandardWebhookOptions = {},
): VerifiedStandardWebhook {
  const secrets = secretList(secret)
  if (secrets.length === 0) throw new WebhookVerificationError('no_secret', 'no webhook secret configured')
  let id: string | undefined
  let timestampText: string | undefined
  let signatureText: string | undefined
  try {
    id = headerValue(headers, 'webhook-id')
    timestampText = headerValue(headers, 'webhook-timestamp')
    signatureText = headerValue(headers, 'webhook-signature')
  } catch {
    // A hostile headers object: treat as missing.
  }
  if (id === undefined || id === '' || timestampText === undefined || signatureText === undefined) {
    throw new WebhookVerificationError(
      'missing_headers',
      'webhook-id, webhook-timestamp and webhook-signature are required',
    )
  }
  if (!/^\d{1,15}$/.test(timestampText.trim())) {
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not epoch seconds')
  }
  const timestamp = Number(timestampText.trim())
  // A tolerance or clock that is not a finite number would let every timestamp through: ignored.
  const tolerance = finiteOr(options.toleranceSeconds, DEFAULT_TOLERANCE_SECONDS)
  const now = finiteOr(options.nowSeconds, Math.floor(Date.now() / 1000))
  if (timestamp < now - tolerance) {
    throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old')
  }
  if (timestamp > now + tolerance) {
    throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is in the future')
  }

  let body: Buffer
  try {
    body = bodyBytes(rawBody)
  } catch {
    throw new WebhookVerificationError('no_matching_signature', 'the body is not bytes or a string')
  }
  const expected = secrets.map((candidate) =>
    createHmac('sha256', standardWebhooksKey(candidate))
      .update(`${id}.${timestampText.trim()}.`)
      .update(body)
      .digest(),
  )
  let matched = false
  for (const entry of signatureText.split(' ')) {
    const comma = entry.indexOf(',')
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue
    const given = Buffer.from(entry.slice(comma + 1), 'base64')
    if (anyEqual(given, expected)) matched = true
  }
  if (!matched) {
    throw new WebhookVerificationError('no_matching_signature', 'no webhook-signature matches the secret')
  }
  return { id, timestamp }
}
