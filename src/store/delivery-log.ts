/**
 * The delivery log as the API shows it — deliveries of a webhook, one delivery with its attempts —
 * and the two manual re-queues: redeliver one delivery, recover a webhook's failed deliveries in a
 * time window. A re-queue keeps the delivery's id and its body (fixed at the first attempt), so a
 * receiver sees the same `X-Flowcerta-Delivery` and the same bytes. Claiming and completing
 * deliveries belong to the delivery engine (src/store/deliveries.ts).
 */
import type { Kysely } from 'kysely'
import type { Database, DeliveriesTable, DeliveryAttemptsTable } from './database.js'

export const DELIVERY_STATES = Object.freeze(['pending', 'succeeded', 'failed', 'cancelled'] as const)
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export interface DeliverySummary {
  id: string
  orgId: string
  webhookId: string
  eventId: string
  event: string
  status: DeliveryState
  attemptCount: number
  nextAttemptAt: number | null
  lastStatusCode: number | null
  lastErrorClass: string | null
  createdAt: number
  updatedAt: number
  completedAt: number | null
}

export interface DeliveryAttempt {
  number: number
  startedAt: number
  durationMs: number
  statusCode: number | null
  responseBody: string | null
  errorClass: string | null
  errorMessage: string | null
  /** The headers this attempt sent (migration 012); null for attempts recorded before it. */
  requestHeaders: Record<string, string> | null
}

const SUMMARY_COLUMNS = [
  'id',
  'org_id',
  'webhook_id',
  'event_id',
  'event',
  'status',
  'attempt_count',
  'next_attempt_at',
  'last_status_code',
  'last_error_class',
  'created_at',
  'updated_at',
  'completed_at',
] as const

type SummaryRow = Pick<DeliveriesTable, (typeof SUMMARY_COLUMNS)[number]>

function fromRow(row: SummaryRow): DeliverySummary {
  return {
    id: row.id,
    orgId: row.org_id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    event: row.event,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastErrorClass: row.last_error_class,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  }
}

function attemptFromRow(row: DeliveryAttemptsTable): DeliveryAttempt {
  return {
    number: row.number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    responseBody: row.response_body,
    errorClass: row.error_class,
    errorMessage: row.error_message,
    requestHeaders:
      row.request_headers_json === null
        ? null
        : (JSON.parse(row.request_headers_json) as Record<string, string>),
  }
}

/** Deliveries of one webhook, newest first, optionally by status and event. */
export async function listWebhookDeliveries(
  db: Kysely<Database>,
  query: {
    orgId: string
    webhookId: string
    limit: number
    beforeId?: string | undefined
    status?: DeliveryState | undefined
    event?: string | undefined
  },
): Promise<DeliverySummary[]> {
  let select = db
    .selectFrom('deliveries')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', query.orgId)
    .where('webhook_id', '=', query.webhookId)
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId)
  if (query.status !== undefined) select = select.where('status', '=', query.status)
  if (query.event !== undefined) select = select.where('event', '=', query.event)
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute()
  return rows.map(fromRow)
}

/** One delivery of the org, or null. */
export async function getDelivery(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<DeliverySummary | null> {
  const row = await db
    .selectFrom('deliveries')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? null : fromRow(row)
}

/**
 * The body the delivery sends, byte for byte, as its first claim fixed it: the stored formatted
 * body (slack/teams), else the event's envelope for the generic target. Null before the first
 * claim of a formatted target (nothing is fixed yet) and when the delivery is not the org's.
 */
export async function getDeliveryRequestBody(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.event_id')
    .select(['deliveries.body', 'deliveries.target', 'events.envelope_json'])
    .where('deliveries.org_id', '=', orgId)
    .where('deliveries.id', '=', id)
    .executeTakeFirst()
  if (row === undefined) return null
  return row.body ?? (row.target === 'generic' ? row.envelope_json : null)
}

/** The delivery's attempts in order. */
export async function listDeliveryAttempts(
  db: Kysely<Database>,
  orgId: string,
  deliveryId: string,
): Promise<DeliveryAttempt[]> {
  const rows = await db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('delivery_id', '=', deliveryId)
    .orderBy('number')
    .execute()
  return rows.map(attemptFromRow)
}

/**
 * Makes a finished delivery (succeeded or failed) pending again, due now, with its id, body and
 * attempt count unchanged (the attempt log continues its numbering). Returns false when the
 * delivery was not in a finished state any more (a concurrent change).
 */
export async function requeueDelivery(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      next_attempt_at: at,
      completed_at: null,
      locked_until: null,
      locked_by: null,
      updated_at: at,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', 'in', ['succeeded', 'failed'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Re-queues the webhook's failed deliveries created in [since, until): pending, due now, ids and
 * bodies unchanged. One UPDATE; returns how many.
 */
export async function requeueFailedDeliveries(
  db: Kysely<Database>,
  query: { orgId: string; webhookId: string; since: number; until: number },
  at: number,
): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      next_attempt_at: at,
      completed_at: null,
      locked_until: null,
      locked_by: null,
      updated_at: at,
    })
    .where('org_id', '=', query.orgId)
    .where('webhook_id', '=', query.webhookId)
    .where('status', '=', 'failed')
    .where('created_at', '>=', query.since)
    .where('created_at', '<', query.until)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The webhook a delivery belongs to may be deleted; the log stays readable, so this checks any row of the org. */
export async function webhookExistsInOrg(
  db: Kysely<Database>,
  orgId: string,
  webhookId: string,
): Promise<{ deleted: boolean; enabled: boolean } | null> {
  const row = await db
    .selectFrom('webhooks')
    .select(['deleted_at', 'enabled'])
    .where('org_id', '=', orgId)
    .where('id', '=', webhookId)
    .executeTakeFirst()
  if (row === undefined) return null
  return { deleted: row.deleted_at !== null, enabled: Number(row.enabled) === 1 }
}

/** How many of a webhook's latest finished deliveries its success rate is over. */
export const SUCCESS_RATE_WINDOW = 100

/** How a webhook's deliveries are going, for its list and detail. */
export interface WebhookDeliveryStats {
  /** Its newest delivery that has been attempted at least once (test deliveries included). */
  lastDelivery: {
    id: string
    event: string
    status: DeliveryState
    statusCode: number | null
    errorClass: string | null
    /** When the delivery last changed: its last attempt's record, or a re-queue. */
    at: number
  } | null
  /** Succeeded ÷ finished over its latest SUCCESS_RATE_WINDOW finished deliveries; null when none. */
  successRate: number | null
  /** How many finished deliveries the rate is over (≤ SUCCESS_RATE_WINDOW). */
  recentDeliveries: number
}

/** Two index walks on (webhook_id, id), newest first. */
export async function webhookDeliveryStats(
  db: Kysely<Database>,
  orgId: string,
  webhookId: string,
): Promise<WebhookDeliveryStats> {
  const last = await db
    .selectFrom('deliveries')
    .select(['id', 'event', 'status', 'last_status_code', 'last_error_class', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('webhook_id', '=', webhookId)
    .where('attempt_count', '>', 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  const finished = await db
    .selectFrom('deliveries')
    .select('status')
    .where('org_id', '=', orgId)
    .where('webhook_id', '=', webhookId)
    .where('status', 'in', ['succeeded', 'failed'])
    .orderBy('id', 'desc')
    .limit(SUCCESS_RATE_WINDOW)
    .execute()
  const succeeded = finished.filter((row) => row.status === 'succeeded').length
  return {
    lastDelivery:
      last === undefined
        ? null
        : {
            id: last.id,
            event: last.event,
            status: last.status,
            statusCode: last.last_status_code,
            errorClass: last.last_error_class,
            at: last.updated_at,
          },
    successRate: finished.length === 0 ? null : succeeded / finished.length,
    recentDeliveries: finished.length,
  }
}
