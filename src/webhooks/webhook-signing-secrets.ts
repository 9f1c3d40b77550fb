/**
 * The delivery engine's view of a webhook: the row from src/store/webhooks.ts with its secrets
 * opened. `secrets[0]` is the current secret (X-Flowcerta-Signature uses only it); while a
 * rotation's overlap lasts, `secrets[1]` is the previous one, and the Standard Webhooks header
 * carries a signature with each. Nothing here logs or returns a sealed value.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../store/database.js'
import {
  getWebhookForDelivery,
  type WebhookForDelivery,
  type WebhookSealedSecrets,
} from '../store/webhooks.js'
import { decryptSecret } from './secret-box.js'

/** Opens the current secret and, while its overlap lasts (`now` < expiry), the previous one. */
export function openSigningSecrets(
  masterKey: Buffer,
  webhookId: string,
  sealed: WebhookSealedSecrets,
  now: number,
): string[] {
  const secrets = [decryptSecret(masterKey, sealed.secretEncrypted, webhookId)]
  if (
    sealed.previousSecretEncrypted !== null &&
    sealed.previousSecretExpiresAt !== null &&
    now < sealed.previousSecretExpiresAt
  ) {
    secrets.push(decryptSecret(masterKey, sealed.previousSecretEncrypted, webhookId))
  }
  return secrets
}

export type DeliveryWebhook = Omit<
  WebhookForDelivery,
  'secretEncrypted' | 'previousSecretEncrypted' | 'previousSecretExpiresAt'
> & {
  /** Current secret first, then the previous one while its overlap lasts. */
  secrets: string[]
}

/** The webhook with its signing secrets opened, or null if there is no such webhook. */
export async function loadWebhookForDelivery(
  db: Kysely<Database>,
  masterKey: Buffer,
  webhookId: string,
  now: number,
): Promise<DeliveryWebhook | null> {
  const row = await getWebhookForDelivery(db, webhookId)
  if (row === null) return null
  const { secretEncrypted, previousSecretEncrypted, previousSecretExpiresAt, ...rest } = row
  return {
    ...rest,
    secrets: openSigningSecrets(
      masterKey,
      webhookId,
      { secretEncrypted, previousSecretEncrypted, previousSecretExpiresAt },
      now,
    ),
  }
}
