/**
 * The webhook repository: org webhooks as rows, read and written by the API and read by the
 * delivery engine. The fan-out (webhook-fan-out.ts) and the engine's health records
 * (webhook-health.ts) live beside it. Secrets arrive here already sealed
 * (src/webhooks/secret-box.ts) and leave sealed: this layer never sees a secret in clear.
 */
import type { Kysely } from 'kysely'
import type { WebhookTarget } from '../domain/webhook-targets.js'
import { boolFromDb, boolToDb, jsonFromDb, jsonToDb } from './codec.js'
import type { Database, WebhooksTable } from './database.js'
import { cancelPendingDeliveries } from './delivery-lifecycle.js'

/** Why a webhook is off: an admin turned it off, the receiver answered 410, or it kept failing. */
export const WEBHOOK_DISABLED_REASONS = Object.freeze(['manual', 'gone', 'failing'] as const)
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number]

/** A webhook's public fields (what the API shows) plus its bookkeeping. Never the secret. */
export interface Webhook {
  id: string
  orgId: string
  url: string
  target: WebhookTarget
  /** Event names, or `["*"]`. */
  events: string[]
  description: string | null
  enabled: boolean
  disabledReason: string | null
  secretPreview: string
  lastSuccessAt: number | null
  failingSince: number | null
  createdAt: number
  updatedAt: number
  deletedAt: number | null
}

/** The sealed secrets of a webhook: the current one and, after a rotation, the previous one. */
export interface WebhookSealedSecrets {
  secretEncrypted: string
  previousSecretEncrypted: string | null
  /** Until then the previous secret also signs the Standard Webhooks header. */
  previousSecretExpiresAt: number | null
}

function fromRow(row: WebhooksTable): Webhook {
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    target: row.target,
    events: jsonFromDb<string[]>(row.events_json),
    description: row.description,
    enabled: boolFromDb(row.enabled),
    disabledReason: row.disabled_reason,
    secretPreview: row.secret_preview,
    lastSuccessAt: row.last_success_at,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  }
}

/** What creating a webhook takes: its public fields, the sealed secret, and the time. */
export interface NewWebhook
  extends Pick<
    Webhook,
    'id' | 'orgId' | 'url' | 'target' | 'events' | 'description' | 'enabled' | 'secretPreview'
  > {
  secretEncrypted: string
  at: number
}

export async function insertWebhook(db: Kysely<Database>, webhook: NewWebhook): Promise<Webhook> {
  const row: WebhooksTable = {
    id: webhook.id,
    org_id: webhook.orgId,
    url: webhook.url,
    target: webhook.target,
    events_json: jsonToDb(webhook.events),
    description: webhook.description,
    enabled: boolToDb(webhook.enabled),
    disabled_reason: webhook.enabled ? null : 'manual',
    secret_encrypted: webhook.secretEncrypted,
    secret_preview: webhook.secretPreview,
    previous_secret_encrypted: null,
    previous_secret_expires_at: null,
    last_success_at: null,
    failing_since: null,
    created_at: webhook.at,
    updated_at: webhook.at,
    deleted_at: null,
  }
  await db.insertInto('webhooks').values(row).execute()
  return fromRow(row)
}

/** One webhook of the org that is not deleted, or null (another org's id is null too). */
export async function getWebhook(db: Kysely<Database>, orgId: string, id: string): Promise<Webhook | null> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row === undefined ? null : fromRow(row)
}

/** The org's webhooks that are not deleted, newest first, `limit` from before `beforeId`. */
export async function listWebhooks(
  db: Kysely<Database>,
  query: { orgId: string; limit: number; beforeId?: string | undefined },
): Promise<Webhook[]> {
  let select = db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', query.orgId)
    .where('deleted_at', 'is', null)
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId)
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute()
  return rows.map(fromRow)
}

export interface WebhookChange {
  url?: string
  target?: WebhookTarget
  events?: string[]
  description?: string | null
  /** Turning a webhook on clears its disabled reason and its failure run. */
  enabled?: boolean
  disabledReason?: WebhookDisabledReason
}

/** Applies the change to a live webhook; returns the new state or null if there is none. */
export async function updateWebhook(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  change: WebhookChange,
  at: number,
): Promise<Webhook | null> {
  const set: Partial<WebhooksTable> = { updated_at: at }
  if (change.url !== undefined) set.url = change.url
  if (change.target !== undefined) set.target = change.target
  if (change.events !== undefined) set.events_json = jsonToDb(change.events)
  if (change.description !== undefined) set.description = change.description
  if (change.enabled === true) {
    set.enabled = 1
    set.disabled_reason = null
    set.failing_since = null
  } else if (change.enabled === false) {
    set.enabled = 0
    set.disabled_reason = change.disabledReason ?? 'manual'
  }
  return updateLiveWebhook(db, orgId, id, set)
}

/**
 * Deletes a webhook softly (the row stays so its delivery log stays readable) and cancels its
 * pending deliveries. Returns how many were cancelled, or null if there was no such webhook.
 */
export async function deleteWebhook(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  at: number,
): Promise<number | null> {
  const result = await db
    .updateTable('webhooks')
    .set({ deleted_at: at, updated_at: at, enabled: 0 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return cancelPendingDeliveries(db, { webhookId: id }, at)
}

/** The sealed secrets of a live webhook of the org (for rotation), or null. */
export async function getWebhookSealedSecrets(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<WebhookSealedSecrets | null> {
  const row = await db
    .selectFrom('webhooks')
    .select(['secret_encrypted', 'previous_secret_encrypted', 'previous_secret_expires_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) return null
  return {
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  }
}

/** Stores a rotated secret: the new one current, the old one previous until its overlap ends. */
export async function replaceWebhookSecret(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  secrets: WebhookSealedSecrets & { secretPreview: string },
  at: number,
): Promise<Webhook | null> {
  return updateLiveWebhook(db, orgId, id, {
    secret_encrypted: secrets.secretEncrypted,
    secret_preview: secrets.secretPreview,
    previous_secret_encrypted: secrets.previousSecretEncrypted,
    previous_secret_expires_at: secrets.previousSecretExpiresAt,
    updated_at: at,
  })
}

/** Sets columns of a live webhook of the org; its new state, or null when there is none. */
async function updateLiveWebhook(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  set: Partial<WebhooksTable>,
): Promise<Webhook | null> {
  const result = await db
    .updateTable('webhooks')
    .set(set)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return getWebhook(db, orgId, id)
}

// --- master-key rotation (src/webhooks/rotate-master-key.ts) -------------------------------

/** A webhook's sealed secrets, deleted webhooks included (their secrets are at rest too). */
export interface SealedSecretRow {
  id: string
  secretEncrypted: string
  previousSecretEncrypted: string | null
}

/** Up to `limit` webhooks with ids after `afterId` (all when null), in id order. */
export async function listSealedSecretsPage(
  db: Kysely<Database>,
  afterId: string | null,
  limit: number,
): Promise<SealedSecretRow[]> {
  let select = db
    .selectFrom('webhooks')
    .select(['id', 'secret_encrypted', 'previous_secret_encrypted'])
    .orderBy('id')
    .limit(limit)
  if (afterId !== null) select = select.where('id', '>', afterId)
  return (await select.execute()).map((row) => ({
    id: row.id,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
  }))
}

/**
 * Replaces a webhook's sealed secrets if they are still `expected` (a conditional update, so a
 * secret changed meanwhile is left alone); true when the row was updated. Neither `updated_at` nor
 * the secrets themselves change: only how they are sealed.
 */
export async function resealSecrets(
  db: Kysely<Database>,
  expected: SealedSecretRow,
  next: Omit<SealedSecretRow, 'id'>,
): Promise<boolean> {
  let update = db
    .updateTable('webhooks')
    .set({ secret_encrypted: next.secretEncrypted, previous_secret_encrypted: next.previousSecretEncrypted })
    .where('id', '=', expected.id)
    .where('secret_encrypted', '=', expected.secretEncrypted)
  update =
    expected.previousSecretEncrypted === null
      ? update.where('previous_secret_encrypted', 'is', null)
      : update.where('previous_secret_encrypted', '=', expected.previousSecretEncrypted)
  const result = await update.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// --- what the delivery engine reads ----------------------------------------------------------

/** A webhook as the delivery engine needs it, secrets still sealed (open them with src/webhooks/). */
export interface WebhookForDelivery extends WebhookSealedSecrets {
  id: string
  orgId: string
  url: string
  target: WebhookTarget
  enabled: boolean
  /** True once deleted: its pending deliveries were cancelled; send nothing more. */
  deleted: boolean
  disabledReason: string | null
  lastSuccessAt: number | null
  failingSince: number | null
}

/** The webhook by id, whatever its org (the engine works across orgs), or null. */
export async function getWebhookForDelivery(
  db: Kysely<Database>,
  webhookId: string,
): Promise<WebhookForDelivery | null> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', webhookId).executeTakeFirst()
  if (row === undefined) return null
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    target: row.target,
    enabled: boolFromDb(row.enabled),
    deleted: row.deleted_at !== null,
    disabledReason: row.disabled_reason,
    lastSuccessAt: row.last_success_at,
    failingSince: row.failing_since,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  }
}
