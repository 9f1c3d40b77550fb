/**
 * Org webhooks as rows, the outbox fan-out (one delivery row per subscribed webhook, written in
 * the event's transaction) and the small API the delivery engine calls to read a webhook and to
 * record its health. Secrets arrive here already sealed (src/webhooks/secret-box.ts) and leave
 * sealed: this layer never sees a secret in clear.
 */
import type { Kysely } from 'kysely'
import { newId } from '../domain/ids.js'
import { boolFromDb, boolToDb, jsonFromDb, jsonToDb } from './codec.js'
import type { Database, DeliveriesTable, WebhooksTable } from './database.js'
import { placeholders, runSqlText } from './sql-text.js'

export const WEBHOOK_TARGETS = Object.freeze(['generic', 'slack', 'teams'] as const)
export type WebhookTarget = (typeof WEBHOOK_TARGETS)[number]

/** Why a webhook is off: an admin turned it off, the receiver answered 410, or it kept failing. */
export const WEBHOOK_DISABLED_REASONS = Object.freeze(['manual', 'gone', 'failing'] as const)
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number]

/** Subscribing to this matches every event that fans out. */
export const ALL_EVENTS = '*'

/**
 * Events that never fan out: `webhook.test` goes only to the webhook it is sent to (by the test
 * route), so a `*` subscription does not get other webhooks' tests, and nobody subscribes to it.
 */
export const DIRECT_ONLY_EVENTS: readonly string[] = Object.freeze(['webhook.test'])

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

export interface NewWebhook {
  id: string
  orgId: string
  url: string
  target: WebhookTarget
  events: string[]
  description: string | null
  enabled: boolean
  secretEncrypted: string
  secretPreview: string
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
  const cancelled = await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', completed_at: at, updated_at: at, locked_until: null, locked_by: null })
    .where('webhook_id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(cancelled.numUpdatedRows)
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
  const result = await db
    .updateTable('webhooks')
    .set({
      secret_encrypted: secrets.secretEncrypted,
      secret_preview: secrets.secretPreview,
      previous_secret_encrypted: secrets.previousSecretEncrypted,
      previous_secret_expires_at: secrets.previousSecretExpiresAt,
      updated_at: at,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return getWebhook(db, orgId, id)
}

// --- the outbox fan-out ---------------------------------------------------------------------

/** Rows per INSERT: well under SQLite's 32766 bound parameters at 11 columns a row. */
const FAN_OUT_BATCH = 500

/** True when a subscription list takes the event. */
export function subscribesTo(events: readonly string[], event: string): boolean {
  if (DIRECT_ONLY_EVENTS.includes(event)) return false
  return events.includes(ALL_EVENTS) || events.includes(event)
}

/**
 * Writes one pending delivery per enabled, live webhook of the event's org subscribed to it; call
 * it inside the event's transaction (recordEvent does). One read of the org's enabled webhooks and
 * one batched insert: two round trips whatever the number of webhooks. The subscription match is
 * done here rather than in SQL because `events_json` is JSON text on both engines and a LIKE on it
 * would have to escape `_`. Returns the new delivery ids, in webhook order.
 */
export async function fanOutEvent(
  trx: Kysely<Database>,
  event: { id: string; orgId: string; event: string; occurredAt: number },
): Promise<string[]> {
  if (DIRECT_ONLY_EVENTS.includes(event.event)) return []
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'events_json'])
    .where('org_id', '=', event.orgId)
    .where('enabled', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute()
  const rows: DeliveriesTable[] = []
  for (const webhook of webhooks) {
    if (!subscribesTo(jsonFromDb<string[]>(webhook.events_json), event.event)) continue
    rows.push({
      id: newId(),
      org_id: event.orgId,
      webhook_id: webhook.id,
      event_id: event.id,
      event: event.event,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: event.occurredAt,
      locked_until: null,
      locked_by: null,
      body: null,
      target: null,
      last_status_code: null,
      last_error_class: null,
      created_at: event.occurredAt,
      updated_at: event.occurredAt,
      completed_at: null,
    })
  }
  for (let start = 0; start < rows.length; start += FAN_OUT_BATCH) {
    await trx
      .insertInto('deliveries')
      .values(rows.slice(start, start + FAN_OUT_BATCH))
      .execute()
  }
  return rows.map((row) => row.id)
}

// --- what the delivery engine reads and records ------------------------------------------------

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

/**
 * `last_success_at` is stamped again only when the stamp is older than this: a busy webhook would
 * otherwise rewrite its row in every completion batch, for a figure nobody reads to the millisecond.
 */
export const SUCCESS_STAMP_RESOLUTION_MS = 1_000

/**
 * 2xx answers arrived from these webhooks: their failure runs end and `last_success_at` moves on.
 * One UPDATE for all of them; a row is written only when that changes something (a failure run to
 * end, a stamp older than SUCCESS_STAMP_RESOLUTION_MS), so it is usually not even locked.
 */
export async function markWebhooksSucceeded(
  db: Kysely<Database>,
  webhookIds: readonly string[],
  at: number,
): Promise<void> {
  if (webhookIds.length === 0) return
  // SQL text: it runs in every completion (see sql-text.ts).
  await runSqlText(
    db,
    `update webhooks set last_success_at = ?, failing_since = null
     where id in (${placeholders(webhookIds.length)})
       and (failing_since is not null or last_success_at is null or last_success_at <= ?)`,
    [at, ...[...webhookIds].sort(), at - SUCCESS_STAMP_RESOLUTION_MS],
  )
}

/**
 * An attempt failed: starts the failure run if none is open. Returns when the run started, so the
 * caller can disable the webhook (reason `failing`) once it is 5 days old; null if there is no
 * such webhook.
 */
export async function markWebhookFailure(
  db: Kysely<Database>,
  webhookId: string,
  at: number,
): Promise<number | null> {
  await db
    .updateTable('webhooks')
    .set({ failing_since: at })
    .where('id', '=', webhookId)
    .where('failing_since', 'is', null)
    .execute()
  const row = await db
    .selectFrom('webhooks')
    .select('failing_since')
    .where('id', '=', webhookId)
    .executeTakeFirst()
  return row?.failing_since ?? null
}

/**
 * Turns a webhook off with a reason, and fails its pending deliveries (`last_error_class`
 * `webhook_disabled`) so nothing more is sent; re-enabling does not resend them, recover does.
 * Returns how many deliveries were failed.
 */
export async function disableWebhook(
  db: Kysely<Database>,
  webhookId: string,
  reason: WebhookDisabledReason,
  at: number,
): Promise<number> {
  await db
    .updateTable('webhooks')
    .set({ enabled: 0, disabled_reason: reason, updated_at: at })
    .where('id', '=', webhookId)
    .where('deleted_at', 'is', null)
    .execute()
  return failPendingDeliveries(db, webhookId, at)
}

/** Pending deliveries of the webhook become `failed` (class `webhook_disabled`). */
export async function failPendingDeliveries(
  db: Kysely<Database>,
  webhookId: string,
  at: number,
): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      last_error_class: 'webhook_disabled',
      completed_at: at,
      updated_at: at,
      locked_until: null,
      locked_by: null,
    })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
