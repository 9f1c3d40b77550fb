/**
 * The delivery cycle as one statement, for engines with writable CTEs and array parameters
 * (capability `supportsWritableCtes`: PostgreSQL). It does what complete-deliveries.ts and
 * claim-deliveries.ts do with several statements on SQLite — same rows, same rules — in one round
 * trip, and, being one statement, without BEGIN/COMMIT round trips when it runs on its own:
 *
 * - record: the finished attempts come in as one JSON array (`json_to_recordset`), one row each. `settled` updates the
 *   delivery rows this worker still leases and that are still pending (as `settleAttempts` in
 *   src/store/delivery-lifecycle.ts), `attempts` logs an attempt for each of those only, and
 *   `succeeded` ends the failure runs / moves `last_success_at` of the webhooks with a 2xx (as
 *   `markWebhooksSucceeded`, src/store/webhook-health.ts; `webhook.test` deliveries excluded);
 * - claim: `candidates` are the due pending rows not leased (or whose lease ran out), oldest first,
 *   `FOR UPDATE SKIP LOCKED`, skipping
 *   webhooks with no free slot and the rows being recorded (the statement sees one snapshot, in
 *   which a row whose lease ran out while it was in flight would still look due); `ranked` numbers
 *   them per webhook, `chosen` keeps at most each webhook's free slots and the claim's limit,
 *   `leased` sets the lease and fixes the target at the first claim, `ended` cancels rows of
 *   deleted webhooks and fails those of disabled ones (as `cancelPendingDeliveries` /
 *   `failPendingDeliveries`).
 * Two spellings keep the plans independent of the table's statistics, which are missing on a new
 * table and stale after a burst (measured: issue 15 in bench/README.md). `settled` finds its rows
 * by `id = any(array(…))`, which the planner always estimates at a few primary-key lookups, and
 * tests `(status || '') = 'pending'`, not `status = 'pending'` (which would offer it the due
 * index, partial on it since migration 017): given a join with the batch alone, it read every
 * pending row — the whole backlog, per cycle — by the due index or a sequential scan, and
 * joined the batch to them. `candidates` bounds
 * `next_attempt_at` on both sides (`between 0 and now`): with no statistics a range is estimated
 * at a few rows, so the planner walks the due index in order and stops at the limit, where
 * `<= now` alone (estimated at a third of the rows) made it read and sort every due row.
 * The result is one row: the ids recorded, the rows claimed (JSON, with their webhook and, where
 * no body is stored, the event's envelope) and how many candidates were read.
 *
 * The text never changes with the batch size (a JSON array and arrays, not lists of placeholders), so the server
 * parses and plans it once per connection: it runs as a named prepared statement (see
 * `PREPARED_STATEMENT_PREFIX` in src/store/sql-text.ts).
 */

import { WEBHOOK_TEST_EVENT } from '../../domain/events/webhook-test-event.js'
import type { WebhookTarget } from '../../domain/webhook-targets.js'
import { WEBHOOK_DISABLED_ERROR_CLASS } from '../../store/delivery-lifecycle.js'
import { runPreparedSqlText } from '../../store/sql-text.js'
import type { Store } from '../../store/store.js'
import { SUCCESS_STAMP_RESOLUTION_MS } from '../../store/webhook-health.js'

type Db = Store['db']

/** One attempt to record: its delivery's new values and the attempt log row. */
export interface CycleRecord {
  deliveryId: string
  status: 'pending' | 'succeeded' | 'failed'
  attemptCount: number
  nextAttemptAt: number | null
  statusCode: number | null
  errorClass: string | null
  attemptId: string
  startedAt: number
  durationMs: number
  responseBody: string | null
  errorMessage: string | null
  /** The headers sent, or null when none were built. */
  requestHeaders: Readonly<Record<string, string>> | null
}

export interface CycleClaim {
  /** Most rows to take (0: no claim). */
  limit: number
  /** Candidates to read. */
  candidateLimit: number
  leaseEnd: number
  /** Free slots of a webhook not in `freeByWebhook`. */
  perWebhookFree: number
  /** Webhooks with attempts in flight: their free slots (0 or less: not even read). */
  freeByWebhook: ReadonlyMap<string, number>
}

/** A claimed row as the statement returns it. */
export interface CycleClaimedRow {
  id: string
  org_id: string
  webhook_id: string
  event_id: string
  event: string
  attempt_count: number
  body: string | null
  /** The fixed target (set by this claim if it was the first). */
  target: WebhookTarget
  /** The traceparent the delivery was written under (tracing), or null. */
  trace_context: string | null
  envelope_json: string | null
  url: string
  secret_encrypted: string
  previous_secret_encrypted: string | null
  previous_secret_expires_at: number | null
}

export interface CycleResult {
  settledIds: Set<string>
  claimed: CycleClaimedRow[]
  candidatesRead: number
}

export const CYCLE_STATEMENT = `with
finished as (
  select f.id, f.status, f.attempt_count, f.next_attempt_at, f.status_code, f.error_class, f.attempt_id,
    f.started_at, f.duration_ms, f.response_body, f.error_message, f.request_headers::text as request_headers_json
  from json_to_recordset($3::json) as f(id text, status text, attempt_count int, next_attempt_at int8,
    status_code int, error_class text, attempt_id text, started_at int8, duration_ms int, response_body text,
    error_message text, request_headers json)
),
settled as (
  update deliveries d set status = f.status, attempt_count = f.attempt_count,
    next_attempt_at = f.next_attempt_at, locked_until = null, locked_by = null,
    last_status_code = f.status_code, last_error_class = f.error_class, updated_at = $2,
    completed_at = case when f.status = 'pending' then null else $2::int8 end
  from finished f
  where d.id = any(array(select f.id from finished f)) and d.id = f.id and d.locked_by = $1
    and (d.status || '') = 'pending'
  returning d.id, d.org_id, d.webhook_id, d.event, f.status
),
attempts as (
  insert into delivery_attempts (id, delivery_id, org_id, number, started_at, duration_ms, status_code,
    response_body, error_class, error_message, request_headers_json)
  select f.attempt_id, f.id, s.org_id, f.attempt_count, f.started_at, f.duration_ms, f.status_code,
    f.response_body, f.error_class, f.error_message, f.request_headers_json
  from settled s join finished f on f.id = s.id
),
succeeded as (
  update webhooks w set last_success_at = $2, failing_since = null
  where w.id in (select s.webhook_id from settled s where s.status = 'succeeded' and s.event <> $4)
    and (w.failing_since is not null or w.last_success_at is null or w.last_success_at <= $5)
),
busy as (
  select * from unnest($6::text[], $7::int[]) as b(webhook_id, free)
),
candidates as (
  select d.id, d.webhook_id, d.next_attempt_at
  from deliveries d
  where d.status = 'pending' and d.next_attempt_at between 0 and $2
    and (d.locked_until is null or d.locked_until <= $2)
    and d.webhook_id <> all(array(select b.webhook_id from busy b where b.free <= 0))
    and d.id <> all(array(select f.id from finished f))
  order by d.next_attempt_at
  limit $8
  for update skip locked
),
ranked as (
  select c.id, c.next_attempt_at, w.id as live_webhook_id, w.enabled, w.deleted_at, w.target,
    coalesce(b.free, $9) as free,
    row_number() over (partition by c.webhook_id order by c.next_attempt_at, c.id) as rank
  from candidates c
  left join webhooks w on w.id = c.webhook_id
  left join busy b on b.webhook_id = c.webhook_id
),
chosen as (
  select r.id, r.target from ranked r
  where r.live_webhook_id is not null and r.deleted_at is null and r.enabled = 1 and r.rank <= r.free
  order by r.next_attempt_at, r.id
  limit $10
),
leased as (
  update deliveries d set locked_until = $11, locked_by = $1, updated_at = $2,
    target = coalesce(d.target, c.target)
  from chosen c
  where d.id = c.id
  returning d.id, d.org_id, d.webhook_id, d.event_id, d.event, d.attempt_count, d.body, d.target,
    d.trace_context
),
ended as (
  update deliveries d
  set status = case when r.live_webhook_id is null or r.deleted_at is not null then 'cancelled' else 'failed' end,
    last_error_class = case when r.live_webhook_id is null or r.deleted_at is not null
      then d.last_error_class else $12 end,
    next_attempt_at = null, locked_until = null, locked_by = null, completed_at = $2, updated_at = $2
  from ranked r
  where d.id = r.id and (r.live_webhook_id is null or r.deleted_at is not null or r.enabled <> 1)
)
select
  coalesce((select array_agg(s.id) from settled s), '{}') as settled_ids,
  coalesce((
    select json_agg(json_build_object('id', l.id, 'org_id', l.org_id, 'webhook_id', l.webhook_id,
      'event_id', l.event_id, 'event', l.event, 'attempt_count', l.attempt_count, 'body', l.body,
      'target', l.target, 'trace_context', l.trace_context, 'envelope_json', case when l.body is null then e.envelope_json end,
      'url', w.url, 'secret_encrypted', w.secret_encrypted,
      'previous_secret_encrypted', w.previous_secret_encrypted,
      'previous_secret_expires_at', w.previous_secret_expires_at))
    from leased l join webhooks w on w.id = l.webhook_id join events e on e.id = l.event_id
  ), '[]') as claimed,
  (select count(*) from candidates) as candidates_read`

/**
 * A record as the statement reads it (`json_to_recordset`): one JSON text for the batch costs the
 * driver one native JSON.stringify, where twelve array parameters were each escaped element by
 * element in JavaScript. The request headers go in as a JSON object, stored as its text — the
 * same text as JSON.stringify(headers), as the other engine stores it.
 */
function recordJson(record: CycleRecord) {
  return {
    id: record.deliveryId,
    status: record.status,
    attempt_count: record.attemptCount,
    next_attempt_at: record.nextAttemptAt,
    status_code: record.statusCode,
    error_class: record.errorClass,
    attempt_id: record.attemptId,
    started_at: record.startedAt,
    duration_ms: record.durationMs,
    response_body: record.responseBody,
    error_message: record.errorMessage,
    request_headers: record.requestHeaders,
  }
}

/**
 * Records `records` (leased to `workerId`) and claims per `claim`, as one statement on `db` (the
 * store for a statement of its own, or a transaction's `trx`).
 */
export async function runDeliveryCycleStatement(
  db: Db,
  lease: { workerId: string; now: number },
  records: readonly CycleRecord[],
  claim: CycleClaim | null,
): Promise<CycleResult> {
  const busyIds = claim === null ? [] : [...claim.freeByWebhook.keys()]
  const rows = await runPreparedSqlText<{
    settled_ids: string[]
    claimed: CycleClaimedRow[]
    candidates_read: number
  }>(db, 'flowcerta_delivery_cycle', CYCLE_STATEMENT, [
    lease.workerId,
    lease.now,
    JSON.stringify(records.map(recordJson)),
    WEBHOOK_TEST_EVENT,
    lease.now - SUCCESS_STAMP_RESOLUTION_MS,
    busyIds,
    busyIds.map((id) => claim!.freeByWebhook.get(id)!),
    claim === null ? 0 : claim.candidateLimit,
    claim === null ? 0 : claim.perWebhookFree,
    claim === null ? 0 : claim.limit,
    claim === null ? 0 : claim.leaseEnd,
    WEBHOOK_DISABLED_ERROR_CLASS,
  ])
  const row = rows[0]!
  return {
    settledIds: new Set(row.settled_ids),
    claimed: row.claimed,
    candidatesRead: Number(row.candidates_read),
  }
}
