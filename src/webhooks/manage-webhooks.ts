/**
 * What an admin does to the org's webhooks: create, change, delete, rotate the secret. Each action
 * checks its input before anything is written, then changes the row and writes its audit entry in
 * one transaction (as src/risk-exceptions/risk-exception-lifecycle.ts does); the routes in
 * src/api/routes/webhooks/ only read the request and shape the answer. No audit entry, log line
 * or return value holds a secret, except the one new secret create and rotate hand back once.
 */
import type { Actor } from '../domain/actor.js'
import type { Clock } from '../domain/clock.js'
import { AppError } from '../domain/errors/app-error.js'
import { newId } from '../domain/ids.js'
import type { WebhookTarget } from '../domain/webhook-targets.js'
import { appendAuditEntry } from '../store/audit-log.js'
import { failPendingDeliveries } from '../store/delivery-lifecycle.js'
import type { Store } from '../store/store.js'
import {
  deleteWebhook,
  getWebhook,
  getWebhookSealedSecrets,
  insertWebhook,
  replaceWebhookSecret,
  updateWebhook,
  type Webhook,
  type WebhookChange,
} from '../store/webhooks.js'
import { encryptSecret } from './secret-box.js'
import { checkWebhookUrl, type HostResolver, type WebhookUrlPolicy } from './url-policy.js'
import { checkWebhookEvents } from './webhook-events.js'
import { generateWebhookSecret, webhookSecretPreview } from './webhook-secret.js'

/** How long the previous secret keeps signing after a rotation unless the request says otherwise. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 60 * 60
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 60 * 60

export interface WebhookAdminDeps {
  store: Store
  clock: Clock
  /** The master key secrets are sealed under. */
  secretKey: Buffer
  urlPolicy: WebhookUrlPolicy
  /** Name resolution for the plain-http check (tests inject one). */
  resolveHost?: HostResolver | undefined
}

export interface WebhookInput {
  url: string
  events: string[]
  target?: WebhookTarget | undefined
  description?: string | null | undefined
  enabled?: boolean | undefined
}

/** A webhook with the secret that signs its deliveries: returned by create and rotate only. */
export interface WebhookWithSecret {
  webhook: Webhook
  secret: string
  previousSecretExpiresAt: number | null
}

/** The fields an audit entry of `webhook.updated` compares, before and after. */
const AUDITED_FIELDS = ['url', 'target', 'events', 'description', 'enabled'] as const

/** Creates a webhook with a fresh secret (sealed at rest; the caller shows it once). */
export async function createWebhook(
  deps: WebhookAdminDeps,
  actor: Actor,
  input: WebhookInput,
): Promise<WebhookWithSecret> {
  // Checked before anything is written, so a refused webhook leaves nothing behind.
  const url = await checkWebhookUrl(input.url, deps.urlPolicy, deps.resolveHost)
  const events = checkWebhookEvents(input.events)
  const id = newId()
  const secret = generateWebhookSecret()
  const now = deps.clock.now()
  const webhook = await deps.store.transaction(async (trx) => {
    const created = await insertWebhook(trx, {
      id,
      orgId: actor.orgId,
      url,
      target: input.target ?? 'generic',
      events,
      description: input.description ?? null,
      enabled: input.enabled ?? true,
      secretEncrypted: encryptSecret(deps.secretKey, secret, id),
      secretPreview: webhookSecretPreview(secret),
      at: now,
    })
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: id,
      changes: {
        url: created.url,
        target: created.target,
        events: created.events,
        description: created.description,
        enabled: created.enabled,
        secretPreview: created.secretPreview,
      },
      at: now,
    })
    return created
  })
  return { webhook, secret, previousSecretExpiresAt: null }
}

/**
 * Changes the fields given. Turning a webhook off fails its pending deliveries (re-enabling does
 * not resend them; recover does). The audit entry lists each field that changed, from → to.
 */
export async function changeWebhook(
  deps: WebhookAdminDeps,
  actor: Actor,
  id: string,
  input: Partial<WebhookInput>,
): Promise<Webhook> {
  const change: WebhookChange = {}
  if (input.url !== undefined) change.url = await checkWebhookUrl(input.url, deps.urlPolicy, deps.resolveHost)
  if (input.events !== undefined) change.events = checkWebhookEvents(input.events)
  if (input.target !== undefined) change.target = input.target
  if (input.description !== undefined) change.description = input.description
  if (input.enabled !== undefined) change.enabled = input.enabled
  const now = deps.clock.now()
  return deps.store.transaction(async (trx) => {
    const current = await getWebhook(trx, actor.orgId, id)
    if (current === null) throw new AppError('NOT_FOUND')
    // Saying "enabled: true" to an enabled webhook changes nothing (its failure run goes on).
    if (change.enabled === current.enabled) delete change.enabled
    const next = await updateWebhook(trx, actor.orgId, id, change, now)
    if (next === null) throw new AppError('NOT_FOUND')
    const failed = change.enabled === false ? await failPendingDeliveries(trx, { webhookId: id }, now) : 0
    const changes: Record<string, unknown> = {}
    for (const key of AUDITED_FIELDS) {
      if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) {
        changes[key] = { from: current[key], to: next[key] }
      }
    }
    if (failed > 0) changes.failedPendingDeliveries = failed
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.updated',
      targetType: 'webhook',
      targetId: id,
      changes,
      at: now,
    })
    return next
  })
}

/** Deletes a webhook softly: its pending deliveries are cancelled; its delivery log stays readable. */
export async function removeWebhook(
  deps: Pick<WebhookAdminDeps, 'store' | 'clock'>,
  actor: Actor,
  id: string,
): Promise<void> {
  const now = deps.clock.now()
  await deps.store.transaction(async (trx) => {
    const current = await getWebhook(trx, actor.orgId, id)
    if (current === null) throw new AppError('NOT_FOUND')
    const cancelled = await deleteWebhook(trx, actor.orgId, id, now)
    if (cancelled === null) throw new AppError('NOT_FOUND')
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: id,
      changes: { url: current.url, events: current.events, cancelledDeliveries: cancelled },
      at: now,
    })
  })
}

/**
 * Replaces the signing secret. The new one is current at once; for `overlapSeconds` (0 = none) the
 * old one, still sealed, becomes the previous secret and keeps signing the Standard Webhooks
 * header; an older previous secret is dropped.
 */
export async function rotateWebhookSecret(
  deps: Pick<WebhookAdminDeps, 'store' | 'clock' | 'secretKey'>,
  actor: Actor,
  id: string,
  overlapSeconds: number = DEFAULT_SECRET_OVERLAP_SECONDS,
): Promise<WebhookWithSecret> {
  const secret = generateWebhookSecret()
  const now = deps.clock.now()
  const previousSecretExpiresAt = overlapSeconds > 0 ? now + overlapSeconds * 1000 : null
  const webhook = await deps.store.transaction(async (trx) => {
    const sealed = await getWebhookSealedSecrets(trx, actor.orgId, id)
    if (sealed === null) throw new AppError('NOT_FOUND')
    const next = await replaceWebhookSecret(
      trx,
      actor.orgId,
      id,
      {
        secretEncrypted: encryptSecret(deps.secretKey, secret, id),
        secretPreview: webhookSecretPreview(secret),
        previousSecretEncrypted: previousSecretExpiresAt === null ? null : sealed.secretEncrypted,
        previousSecretExpiresAt,
      },
      now,
    )
    if (next === null) throw new AppError('NOT_FOUND')
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.secret_rotated',
      targetType: 'webhook',
      targetId: id,
      changes: {
        secretPreview: next.secretPreview,
        previousSecretExpiresAt:
          previousSecretExpiresAt === null ? null : new Date(previousSecretExpiresAt).toISOString(),
      },
      at: now,
    })
    return next
  })
  return { webhook, secret, previousSecretExpiresAt }
}
