/**
 * The delivery log as the API shows it: deliveries of a webhook, one delivery with its attempts.
 * Reads only. State changes — the manual re-queues (redeliver, recover) included — are in
 * delivery-lifecycle.ts; claiming and completing deliveries belong to the delivery engine, one
 * file per verb (src/webhooks/delivery/claim-deliveries.ts, complete-deliveries.ts).
 */
import type { Kysely } from 'kysely'
import type { Database, DeliveriesTable, DeliveryAttemptsTable } from './database.js'
import type { DeliveryState } from './delivery-lifecycle.js'

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
