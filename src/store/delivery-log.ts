/**
 * The delivery log as the API shows it: deliveries of a webhook, one delivery with its attempts.
 * Reads only. State changes — the manual re-queues (redeliver, recover) included — are in
 * delivery-lifecycle.ts; claiming and completing deliveries belong to the delivery engine, one
 * file per verb (src/webhooks/delivery/claim-deliveries.ts, complete-deliveries.ts).
 */
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Database, DeliveriesTable, DeliveryAttemptsTable, WebhooksTable } from './database.js'
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

/** One webhook's stats: `webhooksDeliveryStats` for one id. */
export async function webhookDeliveryStats(
  db: Kysely<Database>,
  orgId: string,
  webhookId: string,
): Promise<WebhookDeliveryStats> {
  const stats = await webhooksDeliveryStats(db, orgId, [webhookId])
  return stats.get(webhookId) ?? NO_DELIVERY_STATS
}

/** A webhook with no delivery yet (a new one). */
export const NO_DELIVERY_STATS: WebhookDeliveryStats = Object.freeze({
  lastDelivery: null,
  successRate: null,
  recentDeliveries: 0,
})
const FINISHED: readonly DeliveryState[] = Object.freeze(['succeeded', 'failed'])

/**
 * The stats of a page of webhooks in one statement: per webhook, correlated subqueries that each
 * walk the (webhook_id, id) index newest first — the last attempted delivery (joined by its id),
 * and how many of its latest SUCCESS_RATE_WINDOW finished deliveries there are and succeeded.
 * Plain SQL on both engines (no LATERAL, which SQLite lacks). Ids of other orgs get no entry.
 */
export async function webhooksDeliveryStats(
  db: Kysely<Database>,
  orgId: string,
  webhookIds: readonly string[],
): Promise<Map<string, WebhookDeliveryStats>> {
  const stats = new Map<string, WebhookDeliveryStats>()
  if (webhookIds.length === 0) return stats
  const recentFinished = (eb: ExpressionBuilder<Database & { w: WebhooksTable }, 'w'>) =>
    eb
      .selectFrom('deliveries as f')
      .select('f.status')
      .where('f.org_id', '=', orgId)
      .whereRef('f.webhook_id', '=', 'w.id')
      .where('f.status', 'in', FINISHED)
      .orderBy('f.id', 'desc')
      .limit(SUCCESS_RATE_WINDOW)
      .as('recent')
  const rows = await db
    .selectFrom('webhooks as w')
    // The webhook_id equality lets PostgreSQL probe (webhook_id, id) for the row; without it the
    // planner hashed the whole deliveries table.
    .leftJoin('deliveries as last', (join) =>
      join
        .onRef('last.webhook_id', '=', 'w.id')
        .on((eb) =>
          eb(
            'last.id',
            '=',
            eb
              .selectFrom('deliveries as d')
              .select('d.id')
              .where('d.org_id', '=', orgId)
              .whereRef('d.webhook_id', '=', 'w.id')
              .where('d.attempt_count', '>', 0)
              .orderBy('d.id', 'desc')
              .limit(1),
          ),
        ),
    )
    .select([
      'w.id as webhook_id',
      'last.id',
      'last.event',
      'last.status',
      'last.last_status_code',
      'last.last_error_class',
      'last.updated_at',
    ])
    .select((eb) => [
      eb
        .selectFrom(recentFinished(eb))
        .select((count) => count.fn.countAll<number>().as('n'))
        .as('finished'),
      eb
        .selectFrom(recentFinished(eb))
        .select((count) => count.fn.countAll<number>().as('n'))
        .where('recent.status', '=', 'succeeded')
        .as('succeeded'),
    ])
    .where('w.org_id', '=', orgId)
    .where('w.id', 'in', webhookIds)
    .execute()
  for (const row of rows) {
    const finished = Number(row.finished ?? 0)
    stats.set(row.webhook_id, {
      lastDelivery:
        row.id === null || row.event === null || row.status === null || row.updated_at === null
          ? null
          : {
              id: row.id,
              event: row.event,
              status: row.status,
              statusCode: row.last_status_code,
              errorClass: row.last_error_class,
              at: Number(row.updated_at),
            },
      successRate: finished === 0 ? null : Number(row.succeeded ?? 0) / finished,
      recentDeliveries: finished,
    })
  }
  return stats
}
