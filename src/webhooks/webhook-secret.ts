/**
 * Webhook signing secrets: `whsec_` + base64 of 32 random bytes, the form Standard Webhooks
 * libraries accept. Receivers key X-Flowcerta-Signature with the UTF-8 bytes of this whole string
 * (as the spec's receivers do); the Standard Webhooks signature is keyed with the decoded bytes.
 */
import { randomBytes } from 'node:crypto'

export const WEBHOOK_SECRET_PREFIX = 'whsec_'
const SECRET_BYTES = 32

/** A new secret: `whsec_` + base64(32 random bytes). */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`
}

/**
 * What reads show instead of the secret: its first and last 4 characters after the prefix,
 * e.g. `whsec_AbCd…xY9=`. 8 of 44 base64 characters leave 216 unknown bits: enough to recognise a
 * secret, useless for guessing it.
 */
export function webhookSecretPreview(secret: string): string {
  const body = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret
  return `${WEBHOOK_SECRET_PREFIX}${body.slice(0, 4)}…${body.slice(-4)}`
}
